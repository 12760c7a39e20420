"""A random sample of rows: ``n`` rows or a ``fraction`` of them.

LazyFrame has no ``sample`` in Polars 2.1, so the sample is taken with expressions. With a
seed, ``pl.all().sample(..., seed=...)`` samples every column at the same row positions (the
positions depend only on the length, ``n`` and the seed). Without a seed every column would
draw its own random positions and rows would come apart, even through ``pl.struct(...)
.struct.unnest()`` (the optimizer splits that back into one sample per field); so the unseeded
form samples whole rows as one struct column and unnests it as a frame step.

``seed`` defaults to 0, not None: the same rows then appear in the canvas preview, in
``Flow.collect`` and in the generated code. Set it to None for a new sample on every run.

The schema comes from ``collect_schema()`` alone (``predict``): running the plan over empty
inputs, as prediction does to catch type errors, would always fail here (n rows cannot be drawn
from none), while the sample's columns are by construction the input's.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

import polars as pl
from pydantic import Field, model_validator

from ..errors import NodeError
from ..node_globals import node_globals
from ._base import Code, NodeType, Scope, Settings, choices, kwargs
from ._reading import Candidate, Match, Reading, Unmapped, keywords


class Sample(Settings):
    n: int | None = Field(None, ge=0, description="Number of rows (or give fraction)")
    fraction: float | None = Field(None, ge=0, description="Share of the rows, e.g. 0.1")
    with_replacement: bool = Field(False, description="Allow a row to be drawn more than once")
    shuffle: bool | None = Field(
        None,
        description="True: random order; False: input order; None: whichever is fastest",
        json_schema_extra=choices(
            (None, "Whichever is fastest"), (True, "Random order"), (False, "Input order")
        ),
    )
    seed: int | None = Field(0, description="Same seed, same sample (None: new sample each run)")

    @model_validator(mode="after")
    def _n_or_fraction(self) -> Sample:
        if self.n is not None and self.fraction is not None:
            raise ValueError("give either n or fraction, not both")
        if self.fraction is not None and self.fraction > 1 and not self.with_replacement:
            raise ValueError("a fraction above 1 needs with_replacement=True")
        return self


def code(s: Sample, scope: Scope) -> Code:
    if s.n is None and s.fraction is None:
        raise NodeError("give the number of rows (n) or a fraction of them")
    options = kwargs(
        n=s.n,
        fraction=s.fraction,
        with_replacement=s.with_replacement or None,
        shuffle=s.shuffle,
        seed=s.seed,
    )
    if s.seed is not None:
        return Code(scope.input(0), (f".select(pl.all().sample({options}))",))
    rows = f'.select(pl.struct(pl.all()).sample({options}).alias("sample"))'
    return Code(scope.input(0), (rows, '.unnest("sample")'))


def predict(s: Sample, frames: Sequence[pl.LazyFrame], scope: Scope) -> pl.Schema:
    frame = eval(code(s, scope).text, node_globals(**{scope.input(0): frames[0]}))
    assert isinstance(frame, pl.LazyFrame)
    return frame.collect_schema()


def read(m: Match) -> Iterator[Candidate]:
    """The options of the ``.sample(...)`` inside the select."""
    calls = [n for n in ast.walk(m.calls[0]) if isinstance(n, ast.Call)]
    samples = [c for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr == "sample"]
    if len(samples) != 1:
        raise Unmapped("not a sample")
    yield Candidate(keywords(samples[0]))


NODE = NodeType(
    readings=(Reading(("select", "unnest"), read), Reading(("select",), read)),
    name="sample",
    category="transform",
    settings=Sample,
    code=code,
    predict=predict,
    label="Sample",
    description="A random sample of rows",
    var_name="sampled",
    examples=(
        {"n": 3},
        {"fraction": 0.5, "seed": 42, "shuffle": True},
        {"n": 20, "with_replacement": True, "shuffle": False, "seed": 7},
        {"fraction": 1.5, "with_replacement": True},
    ),
)
