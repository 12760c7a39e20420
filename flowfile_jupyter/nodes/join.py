"""Join two frames: every Polars join strategy, on shared keys or left_on/right_on.

Prediction checks the keys side by side so a missing key says which input lacks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl
from pydantic import ConfigDict, Field, model_validator

from ..errors import NodeError
from ._base import Code, Columns, NodeType, Scope, Settings, lit
from ._layout import arguments
from ._schema_checks import require_columns

How = Literal["inner", "left", "right", "full", "semi", "anti", "cross"]
MaintainOrder = Literal["none", "left", "right", "left_right", "right_left"]


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
    coalesce: bool | None = Field(None, description="Merge key columns (Polars' default: auto)")
    nulls_equal: bool = False
    maintain_order: MaintainOrder | None = Field(
        None,
        description="Row order of the result (default: the left input's, then the right's; "
        "right joins the other way round). Polars' own default, none, can give the rows in a "
        "different order on each run",
    )

    @model_validator(mode="after")
    def _keys(self) -> Join:
        if self.on and (self.left_on or self.right_on):
            raise ValueError("give either on or left_on/right_on, not both")
        if len(self.left_on) != len(self.right_on):
            raise ValueError("left_on and right_on need the same number of columns")
        return self


def _keys(columns: list[str]) -> str:
    return lit(columns[0]) if len(columns) == 1 else lit(columns)


def _order(s: Join) -> str | None:
    """Rows in a stable order unless asked otherwise: Polars' own default is "none"."""
    default = "right_left" if s.how == "right" else "left_right"
    chosen = s.maintain_order or default
    return None if chosen == "none" else chosen


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
        "maintain_order": _order(s),
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


NODE = NodeType(
    name="join",
    category="combine",
    settings=Join,
    code=code,
    check=check,
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
        {"on": ["region"], "how": "right"},
        {"on": ["region"], "how": "left", "coalesce": False, "nulls_equal": True},
        {"on": ["region"], "how": "inner", "maintain_order": "right_left"},
        {"on": ["region"], "how": "left", "maintain_order": "none"},
    ),
)
