"""The positive list: what expression text may call, taken from Polars' own API.

Each entry names a ``pl`` function, an ``Expr`` method or a method of an expression namespace
(``.str``, ``.dt``, ...) whose Polars signature says it returns an expression. Everything else is
refused: names that are not listed, and the listed names of ``REFUSED`` with the reason a person
reads. ``tests/security/test_api_surface.py`` walks the installed Polars and fails when a name
reachable from expression text is in neither, so a new Polars release cannot widen the surface
without someone deciding.
"""

from __future__ import annotations

import polars as pl
from polars.expr.whenthen import ChainedThen, ChainedWhen, Then, When


def words(text: str) -> frozenset[str]:
    """The names in a text, one word each."""
    return frozenset(text.split())


# pl.<name>(...) that build expressions.
FUNCTIONS = words(
    """
    all all_horizontal any any_horizontal approx_n_unique arange arctan2 arg_sort_by arg_where
    business_day_count coalesce col concat_arr concat_list concat_str corr count cov cum_count
    cum_sum cum_sum_horizontal date date_range date_ranges datetime datetime_range
    datetime_ranges dtype_of duration element exclude field first format from_epoch head
    implode int_range int_ranges last len linear_space linear_spaces lit max max_horizontal mean
    mean_horizontal median min min_horizontal n_unique nth ones quantile repeat rolling_corr
    rolling_cov row_index self_dtype std struct sum sum_horizontal tail time time_range
    time_ranges var when zeros
    """
)

# pl.<name> data types (classes; calling one with literals makes a parametrized type).
DTYPES = words(
    """
    Array Binary Boolean Categorical Date Datetime Decimal Duration Enum Float16 Float32 Float64
    Int8 Int16 Int32 Int64 Int128 List Null String Struct Time UInt8 UInt16 UInt32 UInt64
    UInt128 Utf8
    """
)

EXPR = words(
    """
    abs add alias all and_ any append approx_n_unique approx_quantile arccos arccosh arcsin
    arcsinh arctan arctanh arg_max arg_min arg_sort arg_true arg_unique backward_fill
    bin_intervals bin_quantiles bin_ranks bitwise_and bitwise_count_ones bitwise_count_zeros
    bitwise_leading_ones bitwise_leading_zeros bitwise_or bitwise_trailing_ones
    bitwise_trailing_zeros bitwise_xor bottom_k bottom_k_by cast cbrt ceil clip cos cosh cot
    count cum_count cum_max cum_min cum_prod cum_sum cumulative_eval cut degrees diff dot
    drop_nans drop_nulls entropy eq eq_missing erf erfc ewm_mean ewm_mean_by ewm_std ewm_sum
    ewm_sum_by ewm_var exclude exp explode extend_constant fill_nan fill_null filter first floor
    floordiv forward_fill gather gather_every ge get gt has_nulls hash head hist implode
    index_of interpolate interpolate_by is_between is_close is_duplicated is_empty is_finite
    is_first_distinct is_in is_infinite is_last_distinct is_nan is_not_nan is_not_null is_null
    is_sorted is_unique item kurtosis last le len limit log log10 log1p lower_bound lt max
    max_by mean median min min_by mod mode mul n_unique nan_max nan_min ne ne_missing neg not_
    null_count or_ over pct_change peak_max peak_min pow product qcut quantile radians rank
    reinterpret repeat_by replace replace_strict reshape reverse rle rle_id rolling
    rolling_kurtosis rolling_max rolling_max_by rolling_mean rolling_mean_by rolling_median
    rolling_median_by rolling_min rolling_min_by rolling_quantile rolling_quantile_by
    rolling_rank rolling_rank_by rolling_skew rolling_std rolling_std_by rolling_sum
    rolling_sum_by rolling_var rolling_var_by round round_sig_figs sample search_sorted shift
    shuffle sign sin sinh skew slice sort sort_by sqrt std sub sum tail tan tanh to_physical
    top_k top_k_by truediv truncate truncdiv unique unique_counts upper_bound value_counts var
    xor
    """
    # the namespaces: each is listed below
    + " arr bin cat dt list name str struct"
)

NAMESPACES: dict[str, frozenset[str]] = {
    "str": words(
        """
        contains contains_any count_matches decode encode ends_with escape_regex extract
        extract_all extract_groups extract_many find find_many head join json_decode
        json_path_match len_bytes len_chars normalize pad_end pad_start replace replace_all
        replace_many reverse slice split split_exact splitn starts_with strip_chars
        strip_chars_end strip_chars_start strip_prefix strip_suffix strptime tail to_date
        to_datetime to_decimal to_integer to_lowercase to_time to_titlecase to_uppercase zfill
        """
    ),
    "dt": words(
        """
        add_business_days base_utc_offset cast_time_unit century combine convert_time_zone date
        day days_in_month dst_offset epoch hour is_business_day is_leap_year iso_year
        microsecond millennium millisecond minute month month_end month_start nanosecond
        offset_by ordinal_day quarter replace replace_time_zone round second strftime time
        timestamp to_string total_days total_hours total_microseconds total_milliseconds
        total_minutes total_nanoseconds total_seconds truncate week weekday year
        """
    ),
    "list": words(
        """
        __getitem__ agg all any arg_max arg_min concat contains count_matches diff drop_nulls
        eval explode filter first gather gather_every get head item join last len max mean
        median min n_unique reverse sample set_difference set_intersection
        set_symmetric_difference set_union shift slice sort std sum tail to_array to_struct
        unique var
        """
    ),
    "arr": words(
        """
        agg all any arg_max arg_min contains count_matches dot eval explode first get head join
        last len max mean median min n_unique reverse shift slice sort std sum tail to_list
        to_struct unique var
        """
    ),
    "struct": words("drop field json_encode rename_fields unnest with_fields"),
    "cat": words("ends_with len_bytes len_chars physical slice starts_with to"),
    "name": words(
        """
        keep prefix prefix_fields replace strip_prefix strip_suffix suffix suffix_fields
        to_lowercase to_uppercase
        """
    ),
    "bin": words(
        "contains decode encode ends_with get head reinterpret size slice starts_with tail"
    ),
}

# The builders of pl.when(...).then(...).otherwise(...); a finished Then is also an Expr.
WHEN_THEN: dict[type, frozenset[str]] = {
    When: words("then"),
    Then: words("when otherwise"),
    ChainedWhen: words("then"),
    ChainedThen: words("when otherwise"),
}

# pl.dtype_of("a") / pl.self_dtype(): a column's type, for .cast(...).
DATA_TYPE_EXPR = words("display inner_dtype to_signed_integer to_unsigned_integer wrap_in_list")

_CALLBACK = "runs Python code and is not allowed in an expression"

# Names Polars offers that return expressions but that expression text may not use.
REFUSED: dict[str, str] = {
    "pl.fold": _CALLBACK,
    "pl.reduce": _CALLBACK,
    "pl.cum_fold": _CALLBACK,
    "pl.cum_reduce": _CALLBACK,
    "pl.map_batches": _CALLBACK,
    "pl.map_groups": _CALLBACK,
    "pl.pipe_with_dtype": _CALLBACK,
    "pl.sql_expr": "parses SQL; use the SQL node for SQL",
    "pl.list": "is an old name of pl.implode / pl.concat_list; use those",
    "pl.struct_with_fields": "builds a data type, not an expression",
    "Expr.map_batches": _CALLBACK,
    "Expr.map_elements": _CALLBACK,
    "Expr.pipe": _CALLBACK,
    "Expr.pipe_with_dtype": _CALLBACK,
    "Expr.rolling_map": _CALLBACK,
    "Expr.inspect": "prints from inside Polars and is not allowed in an expression",
    "Expr.deserialize": "reads a serialized expression from a file and is not allowed",
    "Expr.set_sorted": "asserts an order Polars does not check; sort instead",
    "Expr.meta": "inspects expressions and returns Python values, not expressions",
    "Expr.ext": "works on extension types, which are registered from Python",
    "Expr.map": "works on map types, which flow nodes do not make",
    "name.map": _CALLBACK,
    "name.map_fields": _CALLBACK,
    "list.to_map": "makes a map type, which flow nodes do not handle",
    "struct.eval": "is not supported in expressions (use pl.col(...).struct.field(...))",
    "DataTypeExpr.default_value": "is not supported in expressions",
    "DataTypeExpr.matches": "takes a selector, which expressions do not build",
    "DataTypeExpr.collect_dtype": "returns a data type for Python code, not an expression",
    "DataTypeExpr.wrap_in_array": "is not supported in expressions",
    "DataTypeExpr.list": "is not supported in expressions",
    "DataTypeExpr.arr": "is not supported in expressions",
    "DataTypeExpr.struct": "is not supported in expressions",
}


def namespace_classes() -> dict[str, type]:
    """The class behind each namespace name (``pl.col("a").str`` is an ExprStringNameSpace)."""
    probe = pl.col("a")
    return {name: type(getattr(probe, name)) for name in NAMESPACES}
