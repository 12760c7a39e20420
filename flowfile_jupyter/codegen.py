"""Graph -> one readable Polars program.

Each node renders its own code (see nodes/_base.py); this module only decides which steps get a
variable, fuses linear chains into one method chain, orders the statements and names things.
"""

from __future__ import annotations

import builtins
import keyword
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import graph
from .graph import Node
from .nodes import Code, Scope, get
from .nodes._base import snake

if TYPE_CHECKING:
    from .flow import Flow

LINE = 88
_PLACEHOLDER = "\x00in{}\x00"
_RESERVED = {"pl", "df", "dfs", "output"} | set(keyword.kwlist) | set(dir(builtins))


@dataclass
class Program:
    """The generated text, and which variable holds each collected node's result."""

    text: str
    outputs: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def generate(flow: Flow, targets: list[str] | None = None) -> Program:
    nodes = flow.nodes
    wanted = graph.ancestors(nodes, targets) if targets is not None else set(nodes)
    skipped = {nid: msg for nid, msg in flow.errors.items() if nid in wanted}
    keep = wanted - set(skipped)
    order = graph.topological_order(nodes, keep)
    down: dict[str, list[graph.Edge]] = {nid: [] for nid in keep}
    for edge in graph.edges(nodes):
        if edge.source in keep and edge.target in keep:
            down[edge.source].append(edge)
    namespace = flow.namespace

    def code_of(node: Node, names: tuple[str, ...], name: str) -> Code:
        return get(node.type).code(node.settings, Scope(names, name, namespace))

    provisional = {
        nid: code_of(nodes[nid], _placeholders(len(nodes[nid].inputs)), nid) for nid in order
    }
    target_set = set(targets or ())
    inlined: set[str] = set()
    for nid in order:
        node = nodes[nid]
        outs = down[nid]
        if (
            len(outs) == 1
            and outs[0].port == 0
            and not node.label
            and nid not in target_set
            and provisional[outs[0].target].base == _PLACEHOLDER.format(0)
        ):
            inlined.add(nid)

    reserved = set(_RESERVED)
    for nid in keep:
        ntype = get(nodes[nid].type)
        if ntype.reads is not None:
            reserved.update(ntype.reads(nodes[nid].settings))
    taken: set[str] = set(reserved)

    def fresh(base: str) -> str:
        name = base if base and base not in taken else ""
        k = 2
        while not name:
            candidate = f"{base or 'step'}_{k}"
            name = candidate if candidate not in taken else ""
            k += 1
        taken.add(name)
        return name

    collected = [
        nid
        for nid in order
        if (not down[nid] or nid in target_set) and get(nodes[nid].type).sink is None
    ]
    names: dict[str, str] = {}
    outputs: dict[str, str] = {}
    flow_name = snake(flow.name) or "result"
    for nid in order:
        if nid in inlined:
            continue
        node = nodes[nid]
        base = snake(node.label) or snake(get(node.type).default_var(node.settings))
        if nid in collected and not down[nid] and len(collected) == 1:
            base = flow_name if flow_name not in reserved else f"{flow_name}_df"
        names[nid] = fresh(base)

    chains: dict[str, list[str]] = {}
    lines: list[str] = ["import polars as pl", ""]
    for nid in order:
        node = nodes[nid]
        ntype = get(node.type)
        input_names = tuple(names.get(s, "") if s else "" for s in node.inputs)
        code = code_of(node, input_names, names.get(nid, nid))
        if node.inputs and node.inputs[0] in inlined:
            parts = [*chains[node.inputs[0]], *code.calls]
        else:
            parts = [code.base, *code.calls]
        if code.setup:
            lines.extend([code.setup.rstrip(), "", ""])
        if nid in inlined:
            chains[nid] = parts
            continue
        if ntype.sink is not None:
            spec = ntype.sink(node.settings)
            target = f"{spec.assign} = " if spec.assign else ""
            lines.append(_statement(target, [*parts, spec.call]))
            if spec.assign:
                outputs[nid] = spec.assign
            continue
        name = names[nid]
        if nid in collected and not down[nid]:
            lines.append(_statement(f"{name} = ", [*parts, ".collect()"]))
            outputs[nid] = name
            continue
        lines.append(_statement(f"{name} = ", parts))
        chains[nid] = [name]
        if nid in collected:
            out = fresh(f"{name}_df")
            lines.append(f"{out} = {name}.collect()")
            outputs[nid] = out
    header = []
    if skipped:
        header = ["# Left out (fix these nodes on the canvas first):"]
        header += [_comment(f"  {flow.describe(nid)}: {msg}") for nid, msg in skipped.items()]
        header.append("")
    text = "\n".join(header + lines).rstrip() + "\n"
    return Program(text, outputs, skipped)


def _statement(target: str, parts: list[str]) -> str:
    """``x = a.b().c()`` on one line when short, else one call per line in parentheses."""
    one = target + "".join(parts)
    if len(one) <= LINE and "\n" not in one:
        return one
    body = "\n".join(f"    {p}" for p in parts)
    return f"{target}(\n{body}\n)" if target else f"(\n{body}\n)"


def _comment(text: str) -> str:
    line = "# " + " ".join(text.split())
    return line if len(line) <= LINE else line[: LINE - 3] + "..."


def _placeholders(count: int) -> tuple[str, ...]:
    return tuple(_PLACEHOLDER.format(i) for i in range(count))
