"""Attribute walks: from every value expression text can make, no chain of names reaches an
object that is not an expression (a Series, a frame, an iterator, a frame of Python code, a
module, a type), so nothing there can run code, read or write.
"""

from __future__ import annotations

import types
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowfile_jupyter import Flow
from flowfile_jupyter.errors import NodeError
from flowfile_jupyter.expressions import api, evaluate, parse

from .support import SECRET, SECRET_NAME, everything_said, flow_file, run_isolated, source_and

# The routes that reached Python before expressions were checked by kind (issue 9): a Series
# was allowed, and from it a frame, a generator, the generator's frame and its module's globals.
EXPLOITS = [
    'pl.lit(pl.Series([1]).to_frame().write_csv("{marker}"))',
    'pl.lit(pl.Series([1]).to_frame().iter_rows().gi_frame.f_globals["os"]'
    '.system("touch {marker}"))',
    'pl.lit(pl.Series([1]).to_frame().iter_rows().gi_frame.f_globals["os"].environ["{secret}"])',
    'pl.col("a").filter(pl.lit(pl.Series([1]).to_list().pop()))',
    'pl.col("a").cast(pl.Int64.to_python())',
    'pl.col("a").meta.root_names().pop()',
    'pl.col("a").str.contains("x").meta.output_name()',
    'pl.lit(pl.col("a").__class__.__init__.__globals__["os"].system("touch {marker}"))',
    'pl.lit(pl.col.__call__.__globals__["os"])',
    'pl.lit(pl.col.__getattr__("x").__class__)',
    'pl.lit(pl.int_range(0, 3, eager=True).to_frame().write_parquet("{marker}"))',
    'pl.lit(pl.repeat(1, 2, eager=True).to_frame().lazy().sink_csv("{marker}"))',
    'pl.lit(pl.struct(pl.col("a"), eager=True))',
    'pl.col("a").map_batches(pl.col("a").meta.tree_format)',
    'pl.lit(pl.DataFrame({{"a": [1]}}).write_csv("{marker}"))',
    'pl.lit(pl.LazyFrame({{"a": [1]}}).sink_ipc("{marker}"))',
    'pl.lit(pl.read_csv("/etc/passwd"))',
    'pl.lit(pl.scan_csv("/etc/passwd").collect())',
    "pl.lit(pl.io)",
    'pl.lit(pl.os.system("touch {marker}"))',
    "pl.lit(pl.functions.col)",
    'pl.lit(pl.Expr.deserialize("/etc/passwd"))',
    'pl.col("a").deserialize("/etc/passwd")',
    "pl.lit(pl.Config.set_tbl_rows(5))",
    'pl.lit(pl.plugins.register_plugin_function(plugin_path="{marker}", function_name="x"))',
    'pl.lit(pl.col("a").str.__class__)',
    'pl.lit(pl.col("a").str._expr)',
    'pl.lit(pl.when(pl.col("a")).__dict__)',
    'pl.lit(pl.dtype_of("a").collect_dtype({{"a": pl.Int64}}))',
    "pl.lit(pl.Int64.__subclasses__())",
    "pl.lit(pl.List(pl.Int64).inner.__mro__)",
    'pl.lit(pl.Datetime("us").to_python())',
    'pl.lit("{{0.__class__}}".format(pl.col("a")))',
    'pl.lit("%s" % pl.col("a"))',
    'pl.lit([x for x in pl.col("a")])',
    'pl.lit(pl.col("a") if True else 0)',
    "pl.lit((lambda: 1)())",
    'pl.lit(__import__("os").system("touch {marker}"))',
    'pl.lit(getattr(pl, "read_csv")("/etc/passwd"))',
    'pl.lit(pl.col("a").__getattribute__("__class__"))',
    'pl.lit(pl.col("a")[0])',
    'pl.lit(pl.col("l").list[0:2])',
    'pl.lit(pl.col("a").pipe(print))',
    'pl.lit(pl.col("a").name.map(print))',
    'pl.lit(pl.col("a").inspect("{{}}"))',
]


@pytest.mark.parametrize("template", EXPLOITS)
def test_exploit_routes_are_refused_before_anything_runs(template: str, tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    text = template.format(marker=marker, secret=SECRET_NAME)
    with pytest.raises(NodeError) as info:
        parse(text)
    assert str(info.value)  # a message a person reads
    assert not marker.exists()


def test_exploits_in_a_flow_file_run_nothing(tmp_path: Path, data_dir: Path) -> None:
    """Every exploit as a filter and a formula in one file, opened in a fresh process with an
    audit hook that stops it at the first forbidden act: nothing runs, nothing is written,
    the secret appears nowhere, and each node says why."""
    markers = tmp_path / "markers"
    markers.mkdir()
    nodes = []
    for i, template in enumerate(EXPLOITS):
        text = template.format(marker=markers / f"m{i}", secret=SECRET_NAME)
        nodes.append({"id": f"f{i}", "type": "filter", "settings": {"expr": text}})
        nodes.append(
            {
                "id": f"w{i}",
                "type": "with_columns",
                "settings": {"columns": [{"name": "x", "expr": text}]},
            }
        )
    path = flow_file(tmp_path / "evil.flowfile.yaml", source_and(nodes, data_dir / "orders.csv"))
    done = run_isolated(
        f"""
        from flowfile_jupyter import Flow
        from tests.security.support import everything_said
        flow = Flow.load({str(path)!r})
        said = everything_said(flow)
        bad = [n for n in flow.nodes if n != "src" and n not in flow.errors]
        print("UNREFUSED", bad)
        print("SECRET-SEEN" if {SECRET!r} in said else "secret-not-seen")
        """,
        seconds=60,
        marker_dir=markers,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "UNREFUSED []" in done.stdout
    assert "secret-not-seen" in done.stdout
    assert list(markers.iterdir()) == []


# -- random walks ------------------------------------------------------------------------------

_STARTS = [
    'pl.col("a")',
    "pl.lit(1)",
    'pl.lit("x")',
    'pl.when(pl.col("a") > 1)',
    'pl.when(pl.col("a") > 1).then(1)',
    "pl.int_range(0, 3)",
    "pl.Int64",
    "pl.List(pl.Int64)",
    'pl.dtype_of("a")',
    'pl.col("a").str',
    'pl.col("a").dt',
    'pl.col("a").list',
    'pl.col("a").struct',
    'pl.col("a").name',
    "pl.col",
    "pl",
    '"text"',
    "[1, 2]",
    '{"a": 1}',
    "pl.len()",
    'pl.struct(pl.col("a"))',
]
# Names on the objects an attacker would aim for, and on the ones expressions hand out.
_TARGETS: list[object] = [
    pl.Series([1]),
    pl.DataFrame({"a": [1]}),
    pl.LazyFrame({"a": [1]}),
    (i for i in range(1)),
    types.SimpleNamespace,
    pl,
    pl.col("a"),
    pl.col("a").str,
    pl.col("a").meta,
    pl.Int64,
    "text",
    [1],
    {"a": 1},
    len,
]
_NAMES = sorted({name for target in _TARGETS for name in dir(target)})
_STEP = st.one_of(
    st.sampled_from(_NAMES).map(lambda n: f".{n}"),
    st.sampled_from(_NAMES).map(lambda n: f".{n}()"),
    st.just("()"),
    st.just("[0]"),
    st.just('["os"]'),
    st.just('("a")'),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.sampled_from(_STARTS), steps=st.lists(_STEP, min_size=1, max_size=5))
def test_random_attribute_walks_never_leave_expressions(start: str, steps: list[str]) -> None:
    text = start + "".join(steps)
    try:
        parse(text)
    except NodeError:
        return  # refused before anything ran
    try:
        value = evaluate(text)
    except NodeError:
        return  # Polars refused the arguments
    assert isinstance(value, pl.Expr), text


@settings(max_examples=200, deadline=None)
@given(
    method=st.sampled_from(sorted(api.EXPR)),
    argument=st.sampled_from(['pl.col("b")', "1", '"x"', "pl.Int64", "[1, 2]", "pl.col"]),
)
def test_arguments_are_expressions_literals_or_types(method: str, argument: str) -> None:
    """Whatever a method is given, it is an expression, a literal or a data type: never a
    function, a namespace or a module."""
    text = f'pl.col("a").{method}({argument})'
    try:
        parse(text)
    except NodeError as exc:
        assert str(exc)
        return
    assert argument != "pl.col", f"{text} passed a function along"


def test_a_flow_built_here_refuses_the_same(tmp_path: Path, data_dir: Path) -> None:
    flow = Flow("f", namespace={})
    src = flow.add("read_csv", path=str(data_dir / "orders.csv"))
    marker = tmp_path / "marker"
    node = flow.add("filter", src, expr=EXPLOITS[0].format(marker=marker, secret=SECRET_NAME))
    assert "pl.Series is not an expression function" in flow.errors[node]
    assert SECRET not in everything_said(flow)
    assert not marker.exists()
