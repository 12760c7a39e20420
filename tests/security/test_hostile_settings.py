"""Hostile settings for every node type: text with quotes, newlines, braces, backslashes,
surrogates and code in every text setting of every example. The setting is refused with a
message, or it stays data: the generated program parses, running it runs nothing of the text,
and the flow file round-trips."""

from __future__ import annotations

import ast
import contextlib
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowfile_jupyter import Flow, FlowError
from flowfile_jupyter.nodes import catalog

from ..support import example_flow, fill

MARKER = Path("/tmp/flowfile-hostile-settings-marker")
CODE = f"__import__('os').system('touch {MARKER}')"
TEMPLATES = [
    f'"); {CODE}; ("',
    f"'); {CODE}; ('",
    f'"""\n{CODE}\n"""',
    f"\n{CODE}\n",
    f"\r\n{CODE}  # \\",
    "{0}{1}{{}}{}{__class__}",
    "\\",
    '\\"',
    "\x00",
    "\u2028\u2029\x85",
    "\ud800",
    "x\udcff",
    "${HOME}",
    "%s%n%999999999d",
    "a" * 5000,
    "",
    "😀",
    "",
    " ",
]


def _text_fields(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if isinstance(value, str):
        found.append(path)
    elif isinstance(value, dict):
        for key, inner in value.items():
            found += _text_fields(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found += _text_fields(inner, (*path, i))
    return found


def _replace(value: Any, path: tuple[Any, ...], text: str) -> Any:
    if not path:
        return text
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace(v, rest, text) if k == head else v) for k, v in value.items()}
    return [(_replace(v, rest, text) if i == head else v) for i, v in enumerate(value)]


CASES = [
    (name, i, path)
    for name, ntype in catalog().items()
    if not ntype.trusted_only  # polars_code runs code by design
    for i, example in enumerate(ntype.examples)
    for path in _text_fields(dict(example))
    if path[:1] != ("_inputs",)
]
HOSTILE = st.one_of(
    st.sampled_from(TEMPLATES),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), min_size=0, max_size=30),
    st.tuples(st.sampled_from(TEMPLATES), st.text(max_size=10)).map("".join),
)


def test_every_node_type_has_text_settings_under_test() -> None:
    covered = {name for name, _, _ in CASES}
    with_text = {
        name
        for name, ntype in catalog().items()
        if not ntype.trusted_only and any(_text_fields(dict(e)) for e in ntype.examples)
    }
    assert covered == with_text
    assert len(covered) > 25


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=st.sampled_from(CASES), text=HOSTILE)
def test_hostile_text_is_refused_or_stays_data(
    case: tuple[str, int, tuple[Any, ...]],
    text: str,
    data_dir: Path,
    tmp_path: Path,
    namespace: dict[str, Any],
) -> None:
    MARKER.unlink(missing_ok=True)
    name, index, path = case
    if path[-1] == "path":  # the generated program runs: keep its files under tmp_path
        text = "./" + text.lstrip("/~").replace("..", "__")
    ntype = catalog()[name]
    example = _replace(fill(dict(ntype.examples[index]), data_dir, tmp_path), path, text)
    try:
        flow, node = example_flow(ntype, example, data_dir, tmp_path, namespace)
    except FlowError as exc:
        assert str(exc)  # refused, with a message
        return
    assert all(isinstance(m, str) and m for m in flow.errors.values())
    program = flow.to_code()
    ast.parse(program)  # the text stayed inside literals and comments
    here = os.getcwd()
    os.chdir(tmp_path)  # a writer's relative path, made of hostile text, lands here
    try:
        with contextlib.suppress(Exception):  # a data problem; what matters is what ran
            exec(compile(program, "<generated>", "exec"), {})
    finally:
        os.chdir(here)
    assert not MARKER.exists(), (name, path, text)
    saved = tmp_path / "hostile.flowfile.yaml"
    flow.save(saved)
    again = Flow.load(saved, namespace=namespace)
    assert again.nodes[node].settings == flow.nodes[node].settings
    assert not MARKER.exists()


@pytest.mark.parametrize("text", TEMPLATES)
def test_hostile_labels_stay_labels(text: str, data_dir: Path, tmp_path: Path) -> None:
    MARKER.unlink(missing_ok=True)
    flow = Flow("f", namespace={})
    try:
        src = flow.add("read_csv", path=str(data_dir / "orders.csv"), label=text)
        flow.add("filter", src, expr="pl.col(", label=text)  # an error: the label is in a comment
    except FlowError:
        return
    program = flow.to_code()
    ast.parse(program)
    exec(compile(program, "<generated>", "exec"), {})  # reads orders.csv, writes nothing
    assert not MARKER.exists()
    flow.save(tmp_path / "labels.flowfile.yaml")
    assert Flow.load(tmp_path / "labels.flowfile.yaml").to_dict() == flow.to_dict()
