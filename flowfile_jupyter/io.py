"""Flow files: YAML with a version, stable key order, and atomic saves.

One node per list entry with its settings (defaults left out) and its inputs, so changing one
node changes a few lines of the file, and a diff reads like the edit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Mapping, MutableMapping
from graphlib import CycleError
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import graph
from .errors import FlowError, FlowFileError
from .graph import Node
from .nodes import get

if TYPE_CHECKING:
    from .flow import Flow

VERSION = 1
SUFFIX = ".flowfile.yaml"


def to_dict(flow: Flow) -> dict[str, Any]:
    nodes = []
    for node in flow.nodes.values():
        entry: dict[str, Any] = {"id": node.id, "type": node.type}
        if node.label:
            entry["label"] = node.label
        entry["position"] = _Inline(x=_number(node.position[0]), y=_number(node.position[1]))
        settings = node.settings.model_dump(mode="json", exclude_defaults=True)
        if settings:
            entry["settings"] = settings
        if node.inputs:
            entry["inputs"] = list(node.inputs)
        nodes.append(entry)
    return {"flowfile": VERSION, "name": flow.name, "nodes": nodes}


def from_dict(
    data: Mapping[str, Any],
    *,
    trust: bool = False,
    namespace: MutableMapping[str, Any] | None = None,
    source: str = "flow data",
) -> Flow:
    from .flow import Flow

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
        ntype = get(node.type)
        if len(node.inputs) > len(ntype.inputs) and not ntype.variadic:
            raise FlowFileError(
                f"{source}: node '{nid}' ({node.type}) has {len(node.inputs)} inputs; it takes "
                f"{len(ntype.inputs)} ({', '.join(ntype.inputs) or 'none'})"
            )
        for src in node.inputs:
            if src is not None and src not in built:
                raise FlowFileError(f"{source}: node '{nid}' reads from unknown node '{src}'")
            if src is not None and get(built[src].type).outputs == 0:
                raise FlowFileError(
                    f"{source}: node '{nid}' reads from '{src}', an output node that nothing "
                    "can read from"
                )
        if not ntype.variadic and len(node.inputs) < len(ntype.inputs):  # unconnected ports
            padding = (None,) * (len(ntype.inputs) - len(node.inputs))
            built[nid] = dataclasses.replace(node, inputs=node.inputs + padding)
    if _has_cycle(built):
        raise FlowFileError(f"{source}: the edges make a cycle")
    flow = Flow(str(data.get("name") or "flow"), namespace=namespace)
    flow._restore(built, None)
    return flow


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


def _has_cycle(nodes: Mapping[str, Node]) -> bool:
    try:
        graph.topological_order(nodes)
    except CycleError:
        return True
    return False


class _Inline(dict[str, Any]):
    """A mapping written on one line (``position: {x: 0, y: 0}``)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Inline, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def dumps(flow: Flow) -> str:
    return yaml.dump(to_dict(flow), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def save(flow: Flow, path: str | os.PathLike[str]) -> None:
    """Write to a temporary file beside the target, then rename over it."""
    target = Path(path)
    text = dumps(flow)
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


def load(
    path: str | os.PathLike[str],
    *,
    trust: bool = False,
    namespace: MutableMapping[str, Any] | None = None,
) -> Flow:
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
    return from_dict(data, trust=trust, namespace=namespace, source=str(target))


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)
