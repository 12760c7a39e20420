"""Flow files: YAML <-> nodes, with a version, stable key order, and atomic saves.

One node per list entry with its settings (defaults left out) and its inputs, so changing one
node changes a few lines of the file, and a diff reads like the edit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import atomic, graph, yaml_text
from .errors import FlowError, FlowFileError
from .graph import Node
from .nodes import get
from .text_checks import broken_character

VERSION = 1
SUFFIX = ".flowfile.yaml"
MAX_FILE_BYTES = 4 << 20  # a flow of 5000 nodes is about 1 MB; YAML reads about 1 MB/s/core
MAX_NODES = 5000
_FIELDS = ("flowfile", "name", "nodes")
_NODE_FIELDS = ("id", "type", "label", "position", "settings", "inputs")


@dataclass(frozen=True)
class Loaded:
    """What a flow file holds: the flow's name and its nodes, checked by the graph rules."""

    name: str
    nodes: dict[str, Node]


def to_dict(name: str, nodes: Mapping[str, Node]) -> dict[str, Any]:
    entries = []
    for node in nodes.values():
        entry: dict[str, Any] = {"id": node.id, "type": node.type}
        if node.label:
            entry["label"] = node.label
        entry["position"] = _Inline(x=_number(node.position[0]), y=_number(node.position[1]))
        settings = _with_non_finite(
            node.settings.model_dump(mode="json", exclude_defaults=True),
            node.settings.model_dump(exclude_defaults=True),
        )
        if settings:
            entry["settings"] = settings
        if node.inputs:
            entry["inputs"] = list(node.inputs)
        entries.append(entry)
    return {"flowfile": VERSION, "name": name, "nodes": entries}


def from_dict(data: Mapping[str, Any], *, trust: bool = False, source: str = "flow data") -> Loaded:
    """The nodes a flow file holds, checked: every problem is a FlowFileError that names the
    node and the field."""
    try:
        return _from_dict(data, trust, source)
    except FlowFileError:
        raise
    except FlowError as exc:
        raise FlowFileError(f"{source}: {exc}") from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError) as exc:
        raise FlowFileError(f"{source} is not a valid flow file: {exc}") from None


def _from_dict(data: Any, trust: bool, source: str) -> Loaded:
    if not isinstance(data, Mapping) or "flowfile" not in data:
        raise FlowFileError(f"{source} is not a flow file (no 'flowfile' version key)")
    version = data["flowfile"]
    if version != VERSION or isinstance(version, bool):
        raise FlowFileError(
            f"{source} has flow file version {version!r}; this flowfile-jupyter reads "
            f"version {VERSION}"
        )
    _known_fields(data, _FIELDS, source)
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise FlowFileError(f"{source}: 'name' must be text, not {_kind(name)}")
    _check_text(name, f"{source}: name")
    entries = data.get("nodes") or []
    if not isinstance(entries, list):
        raise FlowFileError(f"{source}: 'nodes' must be a list")
    if len(entries) > MAX_NODES:
        raise FlowFileError(f"{source} has {len(entries)} nodes; a flow has at most {MAX_NODES}")
    built: dict[str, Node] = {}
    for i, entry in enumerate(entries):
        node = _node(entry, i, source)
        if node.id in built:
            raise FlowFileError(f"{source}: node id '{node.id}' appears twice")
        if get(node.type).trusted_only and not trust:
            raise FlowFileError(
                f"{source}: node '{node.id}' is a {node.type} node, which runs arbitrary "
                "Python code. Opening a flow never runs code by itself: load it with "
                "trust=True only if you trust where this file came from."
            )
        built[node.id] = node
    for nid, node in built.items():
        try:
            graph.check_inputs(built, node, lambda n: f"node '{n}'")
        except FlowError as exc:
            raise FlowFileError(f"{source}: {exc}") from None
        built[nid] = dataclasses.replace(node, inputs=graph.padded(node.type, node.inputs))
    try:
        graph.check_acyclic(built)
    except FlowError as exc:
        raise FlowFileError(f"{source}: {exc}") from None
    return Loaded(name or "flow", built)


def _node(entry: Any, index: int, source: str) -> Node:
    if not isinstance(entry, Mapping) or "id" not in entry or "type" not in entry:
        raise FlowFileError(f"{source}: node #{index + 1} needs an 'id' and a 'type'")
    nid = _identifier(entry["id"], f"{source}: node #{index + 1}: id")
    where = f"{source}: node '{nid}'"
    _known_fields(entry, _NODE_FIELDS, where)
    type_name = entry["type"]
    if not isinstance(type_name, str):
        raise FlowFileError(f"{where}: 'type' must be text, not {_kind(type_name)}")
    _check_text(type_name, f"{where}: type")
    try:
        ntype = get(type_name)
    except FlowError as exc:
        raise FlowFileError(f"{where}: {exc}") from None
    settings = entry.get("settings")
    if settings is None:
        settings = {}
    if not isinstance(settings, Mapping):
        raise FlowFileError(f"{where}: 'settings' must be a mapping, not {_kind(settings)}")
    _check_text(settings, f"{where}: settings")
    try:
        validated = ntype.validate(settings)
    except FlowError as exc:
        raise FlowFileError(f"{where}: {exc}") from None
    label = entry.get("label")
    if label is not None and not isinstance(label, str):
        raise FlowFileError(f"{where}: 'label' must be text, not {_kind(label)}")
    _check_text(label, f"{where}: label")
    inputs = entry.get("inputs") or []
    if not isinstance(inputs, list):
        raise FlowFileError(f"{where}: 'inputs' must be a list")
    ports = tuple(None if s is None else _identifier(s, f"{where}: inputs") for s in inputs)
    return Node(nid, type_name, validated, ports, label or "", _position(entry, where))


def _position(entry: Mapping[str, Any], where: str) -> tuple[float, float]:
    position = entry.get("position")
    if position is None:
        return (0.0, 0.0)
    if not isinstance(position, Mapping) or set(position) - {"x", "y"}:
        raise FlowFileError(f"{where} has a bad position: write position: {{x: 0, y: 0}}")
    xy = []
    for axis in ("x", "y"):
        value = position.get(axis, 0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FlowFileError(f"{where} has a bad position: {axis} must be a number")
        if not math.isfinite(value):
            raise FlowFileError(f"{where} has a bad position: {axis} is {value}")
        xy.append(float(value))
    return (xy[0], xy[1])


def _identifier(value: Any, where: str) -> str:
    """Node ids are text (whole numbers are read as text)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FlowFileError(f"{where} must be text, not {_kind(value)}")
    text = str(value)
    if not text.strip():
        raise FlowFileError(f"{where} is empty")
    _check_text(text, where)
    return text


def _known_fields(data: Mapping[Any, Any], known: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in known:
            raise FlowFileError(
                f"{where}: unknown field {key!r} (the fields are: {', '.join(known)})"
            )


def _check_text(value: Any, where: str) -> None:
    """Text that cannot be written back as UTF-8 (a lone surrogate) or mapping keys that are
    not text: a FlowFileError naming the field."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            position = broken_character(item)
            if position is not None:
                raise FlowFileError(
                    f"{where}{path} has a broken character (a lone surrogate, "
                    f"\\u{ord(item[position - 1]):04x}) at position {position}"
                )
        elif isinstance(item, Mapping):
            for key, inner in item.items():
                if not isinstance(key, str):
                    raise FlowFileError(f"{where}{path}: the key {key!r} must be text")
                stack.append((key, path))
                stack.append((inner, f"{path}.{key}"))
        elif isinstance(item, list):
            stack.extend((inner, f"{path}[{i}]") for i, inner in enumerate(item))


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    return {dict: "a mapping", list: "a list", str: "text", bool: "a boolean"}.get(
        type(value), f"a number ({value})" if isinstance(value, int | float) else "other data"
    )


def _with_non_finite(plain: Any, python: Any) -> Any:
    """The JSON dump of settings with NaN and infinity put back (JSON makes them null)."""
    if isinstance(python, float) and not math.isfinite(python):
        return python
    if isinstance(plain, dict) and isinstance(python, dict):
        return {k: _with_non_finite(v, python.get(k)) for k, v in plain.items()}
    if isinstance(plain, list) and isinstance(python, list | tuple) and len(plain) == len(python):
        return [_with_non_finite(a, b) for a, b in zip(plain, python, strict=True)]
    return plain


class _Inline(dict[str, Any]):
    """A mapping written on one line (``position: {x: 0, y: 0}``)."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # flow files are plain data: a shared list is written twice, not aliased


_Dumper.add_representer(
    _Inline, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    """Text with characters YAML reads as line breaks (NEL, U+2028, U+2029) or that do not
    print is written double-quoted, where they are escaped and read back unchanged."""
    if any(not (c.isprintable() or c in "\n\t") or c in "\x85\u2028\u2029\ufeff" for c in data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_str(data)


_Dumper.add_representer(str, _text)


def dumps(name: str, nodes: Mapping[str, Node]) -> str:
    return yaml.dump(
        to_dict(name, nodes), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def save(name: str, nodes: Mapping[str, Node], path: str | os.PathLike[str]) -> None:
    """Write to a temporary file beside the target, then rename over it."""
    target = Path(path)
    text = dumps(name, nodes)
    remove_stale_temporaries(target)
    fd, tmp = tempfile.mkstemp(
        prefix=atomic.prefix(target), suffix=atomic.SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode(target))  # mkstemp makes it private; keep what the file had
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_stale_temporaries(target: Path) -> int:
    """Remove what saves killed mid-way left beside ``target`` (see atomic.py)."""
    return atomic.remove_stale(
        target.parent, lambda name: name == target.name or name.endswith(SUFFIX)
    )


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it; done once, at import, before any thread
    os.umask(mask)
    return mask


_NEW_FILE_MODE = 0o666 & ~_umask()


def _mode(target: Path) -> int:
    """The target's permissions, or what a new file gets under the process's umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        return _NEW_FILE_MODE


def load(path: str | os.PathLike[str], *, trust: bool = False) -> Loaded:
    target = Path(path)
    try:
        info = target.stat()
        if not target.is_file():
            raise FlowFileError(f"{target} is not a file")
        if info.st_size > MAX_FILE_BYTES:
            raise FlowFileError(
                f"{target} is {info.st_size:,} bytes; a flow file is at most {MAX_FILE_BYTES:,}"
            )
        with open(target, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise FlowFileError(f"no flow file at {target}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowFileError(f"cannot read {target}: {exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise FlowFileError(f"{target} is larger than {MAX_FILE_BYTES:,} bytes")
    remove_stale_temporaries(target)
    try:
        data = yaml_text.load(text)
    except yaml_text.YamlRefused as exc:
        raise FlowFileError(f"{target} is not a flow file: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        why = f": {problem}" if isinstance(problem, str) else ""
        raise FlowFileError(f"{target} is not valid YAML{where}{why}") from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise FlowFileError(f"{target} could not be read: {type(exc).__name__}") from None
    return from_dict(data, trust=trust, source=str(target))


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)
