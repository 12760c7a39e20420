"""Where the built front end lives: the anywidget bundle and the JupyterLab extension."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parents[1] / "static"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Tell `jupyter labextension develop` where the prebuilt lab extension is."""
    return [{"src": "labextension", "dest": "flowfile-jupyter"}]
