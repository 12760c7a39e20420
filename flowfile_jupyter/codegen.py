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
from .nodes import Code, Scope, Sink, get
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


# (node, its inputs' variable names, its own name, whether its row order shows) -> its code
Render = Callable[[Node, tuple[str, ...], str, bool], Code]


def polars_code(namespace: Mapping[str, Any]) -> Render:
    def render(node: Node, names: tuple[str, ...], name: str, ordered: bool) -> Code:
        scope = Scope(names, name, namespace, ordered=ordered)
        return get(node.type).code(node.settings, scope)

    return render


def polars_sink(node: Node) -> Sink | None:
    ntype = get(node.type)
    return None if ntype.sink is None else ntype.sink(node.settings)


@dataclass
class Step:
    """One statement of a program: a node's variable and its (fused) method chain."""

    node: str
    name: str
    chain: list[str]
    setups: list[str]
    sink: Sink | None
    collected: bool  # the program hands this result back
    leaf: bool  # nothing in the program reads it


@dataclass
class Layout:
    """What every code target shares: which steps get a variable, their names, their chains
    and their order. Targets differ only in how they write the steps out."""

    steps: list[Step]
    skipped: dict[str, str]
    result_name: str
    taken: set[str]

    def fresh(self, base: str) -> str:
        name = base if base and base not in self.taken else ""
        k = 2
        while not name:
            candidate = f"{base or 'step'}_{k}"
            name = candidate if candidate not in self.taken else ""
            k += 1
        self.taken.add(name)
        return name


def layout(
    flow: Source,
    targets: list[str] | None,
    render: Render,
    sink_of: Callable[[Node], Sink | None] = polars_sink,
    *,
    apart: Callable[[Node], bool] = lambda node: False,
    reserved: frozenset[str] = frozenset(),
) -> Layout:
    """``apart``: nodes that always get their own variable (never fused into the next step)."""
    nodes = flow.nodes
    wanted = graph.ancestors(nodes, targets) if targets is not None else set(nodes)
    skipped = {nid: msg for nid, msg in flow.errors.items() if nid in wanted}
    keep = wanted - set(skipped)
    order = graph.topological_order(nodes, keep)
    down: dict[str, list[graph.Edge]] = {nid: [] for nid in keep}
    for edge in graph.edges(nodes):
        if edge.source in keep and edge.target in keep:
            down[edge.source].append(edge)
    target_set = set(targets or ())
    # Rows keep their order only where it shows in what the program produces (engine/order.py)
    shown = [nid for nid in order if not down[nid] or nid in target_set]
    ordered = observable({nid: nodes[nid] for nid in keep}, shown)

    provisional = {
        nid: render(nodes[nid], _placeholders(len(nodes[nid].inputs)), nid, nid in ordered)
        for nid in order
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
            and not apart(node)
            and provisional[outs[0].target].base == _PLACEHOLDER.format(0)
        ):
            inlined.add(nid)

    sinks = {nid: sink_of(nodes[nid]) for nid in order}
    names_in_use = set(_RESERVED) | reserved
    for nid in keep:
        ntype = get(nodes[nid].type)
        if ntype.reads is not None:
            names_in_use.update(ntype.reads(nodes[nid].settings))
        spec = sinks.get(nid)
        if spec is not None and spec.assign:
            names_in_use.add(spec.assign)
    # The result is "<flow>_df": the flow itself usually lives in a variable named "<flow>".
    plan = Layout([], skipped, f"{snake(flow.name) or 'flow'}_df", names_in_use)

    collected = [nid for nid in order if (not down[nid] or nid in target_set) and not sinks[nid]]
    names: dict[str, str] = {}
    for nid in order:
        if nid in inlined:
            continue
        node = nodes[nid]
        base = snake(node.label) or snake(get(node.type).default_var(node.settings))
        if nid in collected and not down[nid] and len(collected) == 1:
            base = plan.result_name
        names[nid] = plan.fresh(base)

    # Chains: each node's method-chain parts, the setup code they need, and the statement
    # variables they read, computed upstream first.
    parts: dict[str, list[str]] = {}
    setups: dict[str, list[str]] = {}
    deps: dict[str, set[str]] = {}
    for nid in order:
        node = nodes[nid]
        inputs = tuple(names.get(s, "") if s else "" for s in node.inputs)
        code = render(node, inputs, nid, nid in ordered)
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
    plan.steps = [
        Step(
            nid,
            names[nid],
            parts[nid],
            setups[nid],
            sinks[nid],
            nid in collected,
            not down[nid],
        )
        for nid in statements
    ]
    return plan


def generate(flow: Source, targets: list[str] | None = None) -> Program:
    plan = layout(flow, targets, polars_code(flow.namespace))
    outputs: dict[str, str] = {}
    lines: list[str] = ["import polars as pl", ""]
    for step in plan.steps:
        for setup in step.setups:
            while lines[-1] != "" or lines[-2] != "":
                lines.append("")
            lines.extend([setup.rstrip(), "", ""])
        chain = step.chain
        if step.sink is not None:
            spec = step.sink
            target = f"{spec.assign} = " if spec.assign else ""
            lines.append(_statement(target, [*chain, spec.call]))
            if spec.assign:
                outputs[step.node] = spec.assign
            continue
        name = step.name
        if step.collected and step.leaf:
            lines.append(_statement(f"{name} = ", [*chain, ".collect()"]))
            outputs[step.node] = name
            continue
        lines.append(_statement(f"{name} = ", chain))
        if step.collected:
            out = plan.fresh(f"{name}_df")
            lines.append(f"{out} = {name}.collect()")
            outputs[step.node] = out
    text = "\n".join(skipped_header(flow, plan.skipped) + lines).rstrip() + "\n"
    return Program(text, outputs, plan.skipped)


def skipped_header(flow: Source, skipped: Mapping[str, str]) -> list[str]:
    if not skipped:
        return []
    header = ["# Left out (fix these nodes on the canvas first):"]
    header += [_comment(f"  {flow.describe(nid)}: {msg}") for nid, msg in skipped.items()]
    return [*header, ""]


def _statement(target: str, parts: list[str], indent: int = 0) -> str:
    """``x = a.b().c()`` on one line when short, else one call per line in parentheses.

    ``indent``: where the statement starts (in a function body); the lines after the first
    carry it, the first line does not."""
    one = target + "".join(parts)
    if indent + len(one) <= LINE and "\n" not in one:
        return one
    if len(parts) == 1:
        return target + _wrap(parts[0], indent, len(target))
    pad = " " * (indent + 4)
    body = "\n".join(pad + _part(p, indent) for p in parts)
    return f"{target}(\n{body}\n{' ' * indent})"


def _part(part: str, indent: int) -> str:
    """A chain part at ``indent + 4``; parts that nodes laid out over several lines assume a
    chain at four spaces."""
    if "\n" in part:
        return part.replace("\n", "\n" + " " * indent)
    return _wrap(part, indent + 4)


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
    """One comment line, whatever the text holds (a NUL or a line break would end it)."""
    shown = "".join(c if c.isprintable() else " " for c in text)
    line = "# " + " ".join(shown.split())
    return line if len(line) <= LINE else line[: LINE - 3] + "..."


def _placeholders(count: int) -> tuple[str, ...]:
    return tuple(_PLACEHOLDER.format(i) for i in range(count))
