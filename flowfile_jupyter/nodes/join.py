"""Join two frames: every Polars join strategy, on shared keys or left_on/right_on."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..errors import NodeError
from ._base import Code, Columns, NodeType, Scope, Settings, call, lit

How = Literal["inner", "left", "right", "full", "semi", "anti", "cross"]


class Join(Settings):
    how: How = "inner"
    on: Columns = Field(default_factory=list, description="Key columns present in both inputs")
    left_on: Columns = Field(default_factory=list)
    right_on: Columns = Field(default_factory=list)
    suffix: str = "_right"
    coalesce: bool | None = Field(None, description="Merge key columns (Polars' default: auto)")
    nulls_equal: bool = False

    @model_validator(mode="after")
    def _keys(self) -> Join:
        if self.on and (self.left_on or self.right_on):
            raise ValueError("give either on or left_on/right_on, not both")
        if len(self.left_on) != len(self.right_on):
            raise ValueError("left_on and right_on need the same number of columns")
        return self


def _keys(columns: list[str]) -> str:
    return lit(columns[0]) if len(columns) == 1 else lit(columns)


def code(s: Join, scope: Scope) -> Code:
    left, right = scope.input(0), scope.input(1)
    if s.how == "cross":
        return Code(left, (call("join", right, how="cross", suffix=_opt(s.suffix, "_right")),))
    if s.on:
        keys = [f"on={_keys(s.on)}"]
    elif s.left_on:
        keys = [f"left_on={_keys(s.left_on)}", f"right_on={_keys(s.right_on)}"]
    else:
        raise NodeError("choose the key columns to join on")
    options = call(
        "join",
        right,
        *keys,
        how=s.how,
        suffix=_opt(s.suffix, "_right"),
        coalesce=s.coalesce,
        nulls_equal=s.nulls_equal or None,
    )
    return Code(left, (options,))


def _opt(value: str, default: str) -> str | None:
    return None if value == default else value


NODE = NodeType(
    name="join",
    category="combine",
    settings=Join,
    code=code,
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
    ),
)
