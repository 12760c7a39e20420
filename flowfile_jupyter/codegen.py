"""Graph -> one readable Polars program.

Each node renders its own code (see nodes/_base.py); this module only decides which steps get a
variable, fuses linear chains into one method chain, orders the statements and names things.
"""

from __future__ import annotations

import ast
import builtins
import keyword
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import graph
from .engine.order import observable
from .graph import Node
from .nodes import Code, Scope, get
from .nodes._base import snake

LINE = 88
_PLACEHOLDER = "\x00in{}\x00"
_RESERVED = {"pl", "df", "dfs", "output"} | set(keyword.kwlist) | set(dir(builtins))


@dataclass
class Program:
    """The generated text, and which variable holds each collected node's result."""

    text: str
    outputs: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


class Source(Protocol):
    """What the generator reads of a flow (a ``Flow`` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def nodes(self) -> Mapping[str, Node]: ...
    @property
    def errors(self) -> dict[str, str]: ...
    @property
    def namespace(self) -> Mapping[str, Any]: ...
    def describe(self, node_id: str) -> str: ...


def generate(flow: Source, targets: list[str] | None = None) -> Program:
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
    target_set = set(targets or ())
    # Rows keep their order only where it shows in what the program produces (engine/order.py)
    shown = [nid for nid in order if not down[nid] or nid in target_set]
    ordered = observable({nid: nodes[nid] for nid in keep}, shown)

    def code_of(node: Node, names: tuple[str, ...], name: str) -> Code:
        scope = Scope(names, name, namespace, node.id in ordered)
        return get(node.type).code(node.settings, scope)

    provisional = {
        nid: code_of(nodes[nid], _placeholders(len(nodes[nid].inputs)), nid) for nid in order
    }
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
        if ntype.sink is not None and (assign := ntype.sink(nodes[nid].settings).assign):
            reserved.add(assign)
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
    # The result is "<flow>_df": the flow itself usually lives in a variable named "<flow>".
    result_name = f"{snake(flow.name) or 'flow'}_df"
    for nid in order:
        if nid in inlined:
            continue
        node = nodes[nid]
        base = snake(node.label) or snake(get(node.type).default_var(node.settings))
        if nid in collected and not down[nid] and len(collected) == 1:
            base = result_name
        names[nid] = fresh(base)

    # Chains: each node's method-chain parts, the setup code they need, and the statement
    # variables they read, computed upstream first.
    parts: dict[str, list[str]] = {}
    setups: dict[str, list[str]] = {}
    deps: dict[str, set[str]] = {}
    for nid in order:
        node = nodes[nid]
        code = code_of(node, tuple(names.get(s, "") if s else "" for s in node.inputs), nid)
        own = {s for s in node.inputs if s is not None and s not in inlined}
        if node.inputs and node.inputs[0] in inlined:
            first = node.inputs[0]
            parts[nid] = [*parts[first], *code.calls]
            setups[nid] = [*setups[first], code.setup] if code.setup else setups[first]
            deps[nid] = deps[first] | own
        else:
            parts[nid] = [code.base, *code.calls]
            setups[nid] = [code.setup] if code.setup else []
            deps[nid] = own

    statements = graph.dependency_order(
        {nid: deps[nid] for nid in order if nid not in inlined},
        {nid: i for i, nid in enumerate(nodes)},
    )

    lines: list[str] = ["import polars as pl", ""]
    for nid in statements:
        node = nodes[nid]
        ntype = get(node.type)
        for setup in setups[nid]:
            while lines[-1] != "" or lines[-2] != "":
                lines.append("")
            lines.extend([setup.rstrip(), "", ""])
        chain = parts[nid]
        if ntype.sink is not None:
            spec = ntype.sink(node.settings)
            target = f"{spec.assign} = " if spec.assign else ""
            lines.append(_statement(target, [*chain, spec.call]))
            if spec.assign:
                outputs[nid] = spec.assign
            continue
        name = names[nid]
        if nid in collected and not down[nid]:
            lines.append(_statement(f"{name} = ", [*chain, ".collect()"]))
            outputs[nid] = name
            continue
        lines.append(_statement(f"{name} = ", chain))
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
    if len(parts) == 1:
        return target + _wrap(parts[0], 0, len(target))
    body = "\n".join("    " + _wrap(p, 4) for p in parts)
    return f"{target}(\n{body}\n)"


def _wrap(src: str, indent: int, offset: int = 0) -> str:
    """Lay out one expression or ``.call(...)`` part so its lines fit: the outermost call,
    dict or list gets one element per line, recursively, the way ruff's formatter does."""
    if indent + offset + len(src) <= LINE or "\n" in src:
        return src
    dotted = src.startswith(".")
    text = "_" + src if dotted else src
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        return src

    def seg(node: ast.AST) -> str:
        return ast.get_source_segment(text, node) or ""

    pad = indent + 4
    links = _chain(tree, seg) if not dotted else []
    if len(links) > 2:
        body = "".join(f"{' ' * pad}{_wrap(link, pad)}\n" for link in links)
        return f"(\n{body}{' ' * indent})"
    items: list[str]
    if isinstance(tree, ast.Call):
        head, close = seg(tree.func) + "(", ")"
        items = [_wrap(seg(a), pad) for a in tree.args]
        for kw in tree.keywords:
            prefix = f"{kw.arg}=" if kw.arg else "**"
            items.append(prefix + _wrap(seg(kw.value), pad, len(prefix)))
    elif isinstance(tree, ast.Dict):
        head, close = "{", "}"
        items = [
            f"{seg(k)}: " + _wrap(seg(v), pad, len(seg(k)) + 2)
            for k, v in zip(tree.keys, tree.values, strict=True)
            if k is not None
        ]
    elif isinstance(tree, ast.List):
        head, close = "[", "]"
        items = [_wrap(seg(e), pad) for e in tree.elts]
    else:
        return src
    if not items:
        return src
    if dotted:
        head = head[1:]
    body = "".join(f"{' ' * pad}{item},\n" for item in items)
    return f"{head}\n{body}{' ' * indent}{close}"


def _chain(tree: ast.expr, seg: Callable[[ast.AST], str]) -> list[str]:
    """``a.b(x).c(y)`` -> ``["a", ".b(x)", ".c(y)"]``: the links of a method chain."""
    links: list[str] = []
    node = tree
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        whole, inner = seg(node), seg(node.func.value)
        links.append(whole[len(inner) :])
        node = node.func.value
    return [seg(node), *reversed(links)] if links else []


def _comment(text: str) -> str:
    line = "# " + " ".join(text.split())
    return line if len(line) <= LINE else line[: LINE - 3] + "..."


def _placeholders(count: int) -> tuple[str, ...]:
    return tuple(_PLACEHOLDER.format(i) for i in range(count))
