"""Join two frames: every Polars join strategy, on shared keys or left_on/right_on.

Prediction checks the keys side by side so a missing key says which input lacks it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

import polars as pl
from pydantic import ConfigDict, Field, model_validator

from ..errors import NodeError
from ._base import Code, Columns, NodeType, Scope, Settings, choices, lit
from ._layout import arguments
from ._narwhals import NwScope, Portable, need_schema, not_portable
from ._reading import Candidate, Match, Reading, generic
from ._schema_checks import require_columns

How = Literal["inner", "left", "right", "full", "semi", "anti", "cross"]
MaintainOrder = Literal["none", "left", "right", "left_right", "right_left"]

# Orders Polars 2.1 slices wrongly when a head or slice follows the join (pola-rs/polars#28551,
# fixed after 2.1.0): each is kept as the stricter order that includes it, which it slices right.
_STABLE: dict[tuple[str, str], MaintainOrder] = {
    ("full", "left"): "left_right",
    ("full", "right"): "right_left",
    ("inner", "right"): "right_left",
    ("left", "right"): "right_left",
    ("right", "right"): "right_left",
    ("right", "left"): "left_right",
}


class Join(Settings):
    model_config = ConfigDict(
        json_schema_extra={
            "x-modes": [
                {"title": "Same key names", "fields": ["on"]},
                {"title": "Different key names", "fields": ["left_on", "right_on"]},
            ]
        }
    )

    how: How = "inner"
    on: Columns = Field(default_factory=list, description="Key columns present in both inputs")
    left_on: Columns = Field(default_factory=list, json_schema_extra={"x-port": "left"})
    right_on: Columns = Field(default_factory=list, json_schema_extra={"x-port": "right"})
    suffix: str = "_right"
    coalesce: bool | None = Field(
        None,
        description="Merge key columns (Polars' default: auto)",
        json_schema_extra=choices(
            (None, "Automatic (Polars' default)"),
            (True, "Merge the key columns"),
            (False, "Keep both key columns"),
        ),
    )
    nulls_equal: bool = False
    maintain_order: MaintainOrder | None = Field(
        None,
        description="Row order of the result (default: when the order can be seen, the left "
        "input's, then the right's, or the other way round for right joins; else none, "
        "Polars' own and fastest, which gives the rows in any order; left or right alone is "
        "kept as left, then right (or the other way round) where Polars 2.1 would slice it "
        "wrongly)",
    )

    @model_validator(mode="before")
    @classmethod
    def _stable_order(cls, data: Any) -> Any:
        if isinstance(data, dict):
            stable = _STABLE.get((str(data.get("how", "inner")), str(data.get("maintain_order"))))
            if stable is not None:
                return {**data, "maintain_order": stable}
        return data

    @model_validator(mode="after")
    def _keys(self) -> Join:
        if self.on and (self.left_on or self.right_on):
            raise ValueError("give either on or left_on/right_on, not both")
        if len(self.left_on) != len(self.right_on):
            raise ValueError("left_on and right_on need the same number of columns")
        return self


def _keys(columns: list[str]) -> str:
    return lit(columns[0]) if len(columns) == 1 else lit(columns)


def _order(s: Join, ordered: bool) -> MaintainOrder:
    """The setting, else a stable order where the order can be seen, else Polars' "none"."""
    if s.maintain_order is not None:
        return s.maintain_order
    if not ordered:
        return "none"
    return "right_left" if s.how == "right" else "left_right"


def input_order(s: Join, ordered: bool) -> tuple[bool, bool]:
    """Which inputs' order shows in the result: a join's values never depend on it."""
    chosen = _order(s, ordered)
    return ("left" in chosen, "right" in chosen)


def code(s: Join, scope: Scope) -> Code:
    left, right = scope.input(0), scope.input(1)
    if s.how == "cross":
        keys: list[str] = []
    elif s.on:
        keys = [f"on={_keys(s.on)}"]
    elif s.left_on:
        keys = [f"left_on={_keys(s.left_on)}", f"right_on={_keys(s.right_on)}"]
    else:
        raise NodeError("choose the key columns to join on")
    options = {
        "how": s.how,
        "suffix": _opt(s.suffix, "_right"),
        "coalesce": None if s.how == "cross" else s.coalesce,
        "nulls_equal": (s.nulls_equal and s.how != "cross") or None,
        "maintain_order": _opt(_order(s, scope.ordered), "none"),
    }
    rest = [f"{k}={lit(v)}" for k, v in options.items() if v is not None]
    return Code(left, (arguments(".join", [right, *keys, *rest]),))


def _opt(value: str, default: str) -> str | None:
    return None if value == default else value


def check(s: Join, schemas: Sequence[pl.Schema]) -> None:
    """A missing key says which input lacks it."""
    if s.how != "cross":
        require_columns(schemas[0], s.on or s.left_on, "left input")
        require_columns(schemas[1], s.on or s.right_on, "right input")


_read = generic(Join, inputs=("other",))


def read(m: Match) -> Iterator[Candidate]:
    """``.join(other, ...)``: no order given in the code is Polars' own ("none"); where the
    node's default order says the same, fromcode/settle.py leaves the setting unset."""
    for found in _read(m):
        settings = dict(found.settings)
        if settings.get("maintain_order") is None:
            settings["maintain_order"] = "none"
        yield Candidate(settings, found.inputs)


# -- Narwhals: the same step on DuckDB, Spark and SQLFrame (see _narwhals.py) ----------------


def narwhals(s: Join, scope: NwScope) -> Portable:
    if s.how == "right":
        raise not_portable("Narwhals has no right join: swap the inputs and use a left join")
    if s.nulls_equal and s.how != "cross":
        raise not_portable("nulls_equal: engines never match null keys")
    polars_default = s.how in ("inner", "left")
    if s.coalesce is not None and s.coalesce != polars_default and s.how not in ("semi", "anti"):
        raise not_portable(
            f"coalesce={s.coalesce} on a {s.how} join: Narwhals always uses Polars' default"
        )
    left, right = scope.input(0), scope.input(1)
    if s.how == "cross":
        keys: list[str] = []
    elif s.on:
        keys = [f"on={_keys(s.on)}"]
    elif s.left_on:
        keys = [f"left_on={_keys(s.left_on)}", f"right_on={_keys(s.right_on)}"]
    else:
        raise NodeError("choose the key columns to join on")
    rest = [f"how={lit(s.how)}"]
    if s.suffix != "_right":
        rest.append(f"suffix={lit(s.suffix)}")
    calls = [arguments(".join", [right, *keys, *rest])]
    if s.how == "full":
        # Spark-like engines put the right key first among the right's columns: Polars' order
        calls.append(arguments(".select", [lit(n) for n in need_schema(scope).names()]))
    return Portable(Code(left, tuple(calls)), order="loses")


# -- end of Narwhals ---------------------------------------------------------------------------


NODE = NodeType(
    readings=(Reading(("join",), read),),
    name="join",
    category="combine",
    settings=Join,
    code=code,
    narwhals=narwhals,
    check=check,
    input_order=input_order,
    label="Join",
    description="Join two inputs on key columns",
    inputs=("left", "right"),
    var_name="joined",
    examples=(
        {"on": ["region"], "how": "left"},
        {"on": ["region"], "how": "inner"},
        {"on": ["region"], "how": "full", "coalesce": True},
        {"left_on": ["region"], "right_on": ["region"], "how": "semi"},
        {"on": ["region"], "how": "anti"},
        {"how": "cross", "suffix": "_other"},
        {"how": "cross"},
        {"left_on": ["customer"], "right_on": ["manager"], "how": "left", "suffix": "_r"},
        {"left_on": ["customer"], "right_on": ["manager"], "how": "full"},
        {"on": ["region"], "how": "right"},
        {"on": ["region"], "how": "left", "coalesce": False, "nulls_equal": True},
        {"on": ["region"], "how": "inner", "maintain_order": "right_left"},
        {"on": ["region"], "how": "left", "maintain_order": "none"},
    ),
)
