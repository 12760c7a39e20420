"""The expression editor suggests exactly what the allow-list accepts."""

from __future__ import annotations

import pytest

from flowfile_jupyter import expressions
from flowfile_jupyter.errors import NodeError
from flowfile_jupyter.expressions import api
from flowfile_jupyter.jupyter.completions import payload


def test_suggestions_are_names_the_allow_list_accepts() -> None:
    vocab = payload()
    functions = {c["name"] for c in vocab["functions"]}
    methods = {c["name"] for c in vocab["methods"]}
    assert {"col", "lit", "when", "concat_str", "Int64"} <= functions
    assert {"sum", "alias", "is_between", "fill_null", "over"} <= methods
    assert {"contains", "to_lowercase"} <= {c["name"] for c in vocab["namespaces"]["str"]}
    assert "year" in {c["name"] for c in vocab["namespaces"]["dt"]}
    for refused in ("map_elements", "map_batches", "pipe", "inspect", "_repr_html_"):
        assert refused not in methods
    assert "read_csv" not in functions and "fold" not in functions
    # every suggestion is on the positive list the check uses, and none it refuses
    assert functions <= api.FUNCTIONS | api.DTYPES
    assert methods <= api.EXPR
    for ns, names in vocab["namespaces"].items():
        assert {c["name"] for c in names} <= api.NAMESPACES[ns]
    expressions.parse('pl.col("a").cast(pl.Int64).alias("b")')
    with pytest.raises(NodeError):
        expressions.parse('pl.col("a").map_elements(len)')
    summary = next(c["info"] for c in vocab["functions"] if c["name"] == "col")
    assert summary and len(summary) <= 90
