"""The flow as a Narwhals program: a function of the source frames, then the lines that read
the sources with one engine's own readers and run the function there.

The layout (variables, fused chains, their order, names) is the Polars program's
(``codegen.layout``); only the writing differs: sources become the function's parameters and
are read after it, results are returned, sinks run on what the function returns.
"""

from __future__ import annotations

from typing import Protocol

from .. import codegen, graph
from ..codegen import Program, Step, _statement
from ..engine.state import NodeState
from ..nodes import get
from ..nodes._base import snake
from .engines import spec
from .portable import check

_RESERVED = frozenset({"nw", "session", "spark"})


class Source(codegen.Source, Protocol):
    def state(self, node_id: str) -> NodeState: ...


def generate(flow: Source, targets: list[str] | None = None, engine: str = "duckdb") -> Program:
    """The Narwhals program for ``engine``; NotPortableError naming the nodes it cannot hold."""
    engine_spec = spec(engine)
    nodes = flow.nodes
    states = {nid: flow.state(nid) for nid in nodes}
    portability = check(nodes, states, flow.namespace, engine_spec.reader)
    wanted = graph.ancestors(nodes, targets) if targets is not None else set(nodes)
    portability.refuse([nid for nid in nodes if nid in wanted], engine, flow.describe)
    function = f"{snake(flow.name) or 'flow'}_flow"
    plan = codegen.layout(
        flow,
        targets,
        lambda node, names, name, ordered: portability.code(node, names),
        portability.sink,
        apart=lambda node: not get(node.type).inputs,
        reserved=_RESERVED | {function},
    )
    sources = [s for s in plan.steps if not nodes[s.node].inputs]
    body = [s for s in plan.steps if nodes[s.node].inputs]
    returned = [s for s in plan.steps if s.sink is not None or s.collected]
    result = ""  # the node whose collected frame is "<flow>_df"
    for step in returned:
        if step.name == plan.result_name:
            result = step.node
            if len(returned) > 1:  # in the function, its lazy frame needs a name of its own
                step.name = plan.fresh(f"{step.name.removesuffix('_df')}_lf")

    lines = ["import narwhals as nw", ""]
    if not returned:  # every node has an error, or there is none: nothing to run
        header = codegen.skipped_header(flow, plan.skipped) or ["# The flow has no nodes yet"]
        return Program("\n".join(header).rstrip() + "\n", {}, plan.skipped)
    for step in plan.steps:
        lines.extend(step.setups)
    params = ", ".join(f"{s.name}: nw.LazyFrame" for s in sources)
    kind = "nw.LazyFrame"
    if len(returned) != 1:
        kind = f"tuple[{', '.join([kind] * len(returned))}]"
    head = f"def {function}({params}) -> {kind}:"
    if len(head) > codegen.LINE:
        listed = "".join(f"    {s.name}: nw.LazyFrame,\n" for s in sources)
        head = f"def {function}(\n{listed}) -> {kind}:"
    lines += ["", head]
    single = len(returned) == 1 and bool(body) and body[-1] in returned
    for step in body:
        if single and step is body[-1]:
            lines.append("    " + _statement("return ", step.chain, 4))
        elif not (step.sink is not None and len(step.chain) == 1):
            lines.append("    " + _statement(f"{step.name} = ", step.chain, 4))
    if not single:
        lines.append(f"    return {', '.join(_value(s) for s in returned)}")
    lines += ["", ""]
    lines.extend(engine_spec.setup)
    if engine_spec.setup:
        lines.append("")
    for step in sources:
        lines.append(_statement(f"{step.name} = ", step.chain))
    call = f"{function}({', '.join(s.name for s in sources)})"
    outputs: dict[str, str] = {}
    if len(returned) == 1:
        results = [(returned[0], call)]
    else:
        lines.append(f"{', '.join(_value(s) for s in returned)} = {call}")
        results = [(s, _value(s)) for s in returned]
    for step, value in results:
        if step.sink is not None:
            target = f"{step.sink.assign} = " if step.sink.assign else ""
            lines.append(_statement(target, [value, step.sink.call]))
            if step.sink.assign:
                outputs[step.node] = step.sink.assign
            continue
        if len(returned) == 1 or step.node == result:
            name = plan.result_name
        else:
            name = plan.fresh(f"{step.name}_df")
        lines.append(_statement(f"{name} = ", [value, '.collect("polars")', ".to_native()"]))
        outputs[step.node] = name
    header = codegen.skipped_header(flow, plan.skipped)
    text = "\n".join(header + lines).rstrip() + "\n"
    return Program(text, outputs, plan.skipped)


def _value(step: Step) -> str:
    """The variable a returned step is known by in the program."""
    if step.sink is not None and len(step.chain) == 1:
        return step.chain[0]
    return step.name
