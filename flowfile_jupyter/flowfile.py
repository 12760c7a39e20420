"""Flow files: YAML <-> nodes, with a version, stable key order, and atomic saves.

One node per list entry with its settings (defaults left out) and its inputs, so changing one
node changes a few lines of the file, and a diff reads like the edit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import graph
from .errors import FlowError, FlowFileError
from .graph import Node
from .nodes import get

VERSION = 1
SUFFIX = ".flowfile.yaml"


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
        settings = node.settings.model_dump(mode="json", exclude_defaults=True)
        if settings:
            entry["settings"] = settings
        if node.inputs:
            entry["inputs"] = list(node.inputs)
        entries.append(entry)
    return {"flowfile": VERSION, "name": name, "nodes": entries}


def from_dict(data: Mapping[str, Any], *, trust: bool = False, source: str = "flow data") -> Loaded:
    if not isinstance(data, Mapping) or "flowfile" not in data:
        raise FlowFileError(f"{source} is not a flow file (no 'flowfile' version key)")
    version = data["flowfile"]
    if version != VERSION:
        raise FlowFileError(
            f"{source} has flow file version {version!r}; this flowfile-jupyter reads "
            f"version {VERSION}"
        )
    entries = data.get("nodes") or []
    if not isinstance(entries, list):
        raise FlowFileError(f"{source}: 'nodes' must be a list")
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
    return Loaded(str(data.get("name") or "flow"), built)


def _node(entry: Any, index: int, source: str) -> Node:
    if not isinstance(entry, Mapping) or "id" not in entry or "type" not in entry:
        raise FlowFileError(f"{source}: node #{index + 1} needs an 'id' and a 'type'")
    nid, type_name = str(entry["id"]), str(entry["type"])
    try:
        ntype = get(type_name)
    except FlowError as exc:
        raise FlowFileError(f"{source}: node '{nid}': {exc}") from None
    try:
        settings = ntype.validate(entry.get("settings") or {})
    except FlowError as exc:
        raise FlowFileError(f"{source}: node '{nid}': {exc}") from None
    inputs = entry.get("inputs") or []
    position = entry.get("position") or {}
    try:
        xy = (float(position.get("x", 0)), float(position.get("y", 0)))
    except (TypeError, ValueError, AttributeError):
        raise FlowFileError(f"{source}: node '{nid}' has a bad position") from None
    if not isinstance(inputs, list):
        raise FlowFileError(f"{source}: node '{nid}': 'inputs' must be a list")
    ports = tuple(None if s is None else str(s) for s in inputs)
    return Node(nid, type_name, settings, ports, str(entry.get("label") or ""), xy)


class _Inline(dict[str, Any]):
    """A mapping written on one line (``position: {x: 0, y: 0}``)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Inline, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def dumps(name: str, nodes: Mapping[str, Node]) -> str:
    return yaml.dump(
        to_dict(name, nodes), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def save(name: str, nodes: Mapping[str, Node], path: str | os.PathLike[str]) -> None:
    """Write to a temporary file beside the target, then rename over it."""
    target = Path(path)
    text = dumps(name, nodes)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FlowFileError(f"no flow file at {target}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FlowFileError(f"cannot read {target}: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise FlowFileError(f"{target} is not valid YAML{where}") from None
    return from_dict(data, trust=trust, source=str(target))


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)
