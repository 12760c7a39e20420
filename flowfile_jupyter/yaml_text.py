"""Reading flow-file YAML as plain data, with the limits a file from a stranger needs.

YAML can make a small file expand without limit (aliases of aliases: the "billion laughs"),
nest deeper than Python's recursion allows, and build Python objects beyond plain data (dates,
sets, bytes). A flow file needs none of these: aliases and deep nesting are refused before
anything is built, and only text, numbers, booleans, null, lists and mappings are read
(``2024-01-31`` stays text).
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64
_SLOW_READ = 1 << 20  # the Python reader is slow: only files this small are read again with it


class YamlRefused(ValueError):
    """The text is not the plain YAML a flow file is; the message says where."""


def _plain(base: type[Any]) -> type[yaml.SafeLoader]:
    """``base`` without timestamps, sets, ordered maps, pairs or binary."""

    class Plain(base):  # type: ignore[misc]
        pass

    Plain.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for first, found in base.yaml_implicit_resolvers.items()
    }
    for tag in ("timestamp", "binary", "set", "omap", "pairs"):
        Plain.add_constructor(f"tag:yaml.org,2002:{tag}", _refuse)
    return Plain


def _refuse(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise YamlRefused(f"the tag {node.tag} is not plain data (line {node.start_mark.line + 1})")


_PYTHON = _plain(yaml.SafeLoader)
# libyaml reads about ten times faster; it refuses some text the Python reader takes (an
# escaped lone surrogate), which is then read again to say which node and field hold it
_LOADERS = (_plain(yaml.CSafeLoader), _PYTHON) if yaml.__with_libyaml__ else (_PYTHON,)


def _line(event: yaml.Event) -> str:
    mark = event.start_mark
    return "" if mark is None else f", line {mark.line + 1}"


def load(text: str) -> Any:
    """The data in ``text``; YamlRefused for aliases, deep nesting and non-plain tags, and
    yaml.YAMLError for text that is not YAML."""
    loaders = _LOADERS if len(text) <= _SLOW_READ else _LOADERS[:1]
    for loader in loaders[:-1]:
        try:
            return _load(text, loader)
        except yaml.YAMLError:
            pass
    return _load(text, loaders[-1])


def _load(text: str, loader: type[yaml.SafeLoader]) -> Any:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(
                f"it uses a YAML alias (*{event.anchor}{_line(event)}); "
                "flow files are plain data without anchors and aliases"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlRefused(
                    f"it nests more than {MAX_DEPTH} levels deep ({_line(event)[2:]})"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.load(text, Loader=loader)  # a SafeLoader that builds fewer types
