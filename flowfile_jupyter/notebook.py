"""Where a flow finds the notebook: its namespace, when running inside IPython."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, cast


def shell() -> Any:
    """The running IPython shell, or None outside IPython."""
    try:
        from IPython.core import getipython
    except ImportError:  # pragma: no cover - IPython comes with anywidget
        return None
    module: Any = getipython  # typed in IPython 9, untyped before: call it the same way in both
    return module.get_ipython()


def user_namespace() -> MutableMapping[str, Any]:
    """The notebook's variables; ``__main__`` when not in IPython (plain scripts, tests)."""
    ip = shell()
    if ip is not None:
        return cast("MutableMapping[str, Any]", ip.user_ns)
    import __main__

    return cast("MutableMapping[str, Any]", __main__.__dict__)
