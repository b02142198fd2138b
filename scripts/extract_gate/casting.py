"""Type checks and casts for contract columns.

Each cast family has a strict text pattern (checked by a Great Expectations regex
expectation, so a wrong format is a BLOCKING finding per column and row) and a cast
function used afterwards. Numbers written with a decimal comma (German Excel) are
converted to a decimal point first, but only in numeric contract columns of files that
are not comma-separated, where a comma cannot be a field separator.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

_DATE = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_TIME = r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?"

#: Strict text patterns per cast family (None: every text is acceptable).
PATTERNS: dict[str, str | None] = {
    "string": None,
    "date": rf"^{_DATE}$",
    "timestamp": rf"^{_DATE}([ T]{_TIME})?(Z|[+-]\d{{2}}(:?\d{{2}})?)?$",
    # inf / NaN are readable numbers: implausible_number (a WARNING), not a format error
    "number": r"^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|(?i:inf|infinity|nan))$",
    "integer": r"^[+-]?\d+(\.0*)?$",
    "boolean": r"^(?i:true|false|t|f|1|0|yes|no|y|n)$",
}

#: Staging quarantine rule name of a value that does not cast, per family.
CAST_RULES: dict[str, str] = {
    "date": "invalid_date",
    "timestamp": "invalid_date",
    "number": "invalid_number",
    "integer": "invalid_number",
    "boolean": "invalid_boolean",
}

#: Plausible values (issue 14): beyond them a value is read but staging quarantines the row.
PLAUSIBLE_ABS_NUMBER = 1e12
PLAUSIBLE_FIRST_DAY = pd.Timestamp("1900-01-01")
PLAUSIBLE_END = pd.Timestamp("2100-01-01")
#: Largest whole number an int64 Parquet column holds.
_INT64_LIMIT = 2.0**63

_GERMAN_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+,\d+$")
_GERMAN_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}( .*)?$")
_TRUE = {"true", "t", "1", "yes", "y"}
_FALSE = {"false", "f", "0", "no", "n"}


def map_object(series: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """Apply func to every value, keeping object dtype and None (no dtype inference)."""
    return pd.Series([func(v) for v in series], index=series.index, dtype=object)


def strip_values(series: pd.Series) -> pd.Series:
    """Trim typed (non-text) values; blank becomes None."""
    return map_object(series, lambda v: (v.strip() or None) if isinstance(v, str) else v)


def normalise_decimal_comma(series: pd.Series) -> tuple[pd.Series, bool]:
    """Convert German-formatted numbers ('1.234,5', '12,5') to '1234.5' / '12.5'.

    Applies only when the column contains at least one value with a decimal comma; then
    dots are thousands separators. Returns the series and whether it was converted.
    """
    texts = series.dropna().astype(str)
    if not texts.map(lambda v: "," in v and bool(_GERMAN_NUMBER.match(v))).any():
        return series, False

    def convert(value: object) -> object:
        if isinstance(value, str) and _GERMAN_NUMBER.match(value):
            return value.replace(".", "").replace(",", ".")
        return value

    return map_object(series, convert), True


def cast_hint(family: str, value: str, delimiter: str | None) -> str:
    """Say what is wrong with a value that does not match its family and what to change."""
    if family == "date":
        if _GERMAN_DATE.match(value):
            return "is not an ISO date (YYYY-MM-DD) but looks like DD.MM.YYYY; export dates as ISO"
        return "is not an ISO date (YYYY-MM-DD); export dates as ISO"
    if family == "timestamp":
        if _GERMAN_DATE.match(value):
            return (
                "is not an ISO timestamp (YYYY-MM-DD HH:MM:SS, UTC) but looks like DD.MM.YYYY; "
                "export timestamps as ISO"
            )
        return "is not an ISO timestamp (YYYY-MM-DD HH:MM:SS, UTC); export timestamps as ISO"
    if family in ("number", "integer"):
        what = "a whole number" if family == "integer" else "a number"
        if "," in value and delimiter == ",":
            return (
                f"is not {what}; a decimal comma is only accepted in semicolon-separated files, "
                "export numbers with a decimal point"
            )
        return (
            f"is not {what}; export plain numbers (no currency symbols, units, spaces or "
            "thousands separators)"
        )
    if family == "boolean":
        return "is not a boolean; export booleans as true/false"
    return "cannot be read"


def cast_series(series: pd.Series, family: str) -> pd.Series:
    """Cast text to the family's pandas type; values that do not cast become null.

    Types: string/boolean -> object (None for null), number/integer -> float64 (NaN),
    date/timestamp -> datetime64 (naive UTC, NaT).
    """
    if family == "string":
        return series.astype(object).where(series.notna(), None)
    if family == "boolean":

        def to_bool(value: object) -> object:
            if not isinstance(value, str):
                return None
            low = value.lower()
            return True if low in _TRUE else False if low in _FALSE else None

        return map_object(series, to_bool)
    if family in ("number", "integer"):
        numbers = pd.to_numeric(series, errors="coerce").astype("float64")
        if family == "integer":
            whole = np.isfinite(numbers) & (numbers == np.round(numbers))
            numbers = numbers.where(whole & (np.abs(numbers) < _INT64_LIMIT))
        return numbers
    if family == "date":
        return pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")
    if family == "timestamp":
        stamps = pd.to_datetime(series, format="ISO8601", errors="coerce", utc=True)
        return stamps.dt.tz_convert(None)
    raise ValueError(f"unknown cast family {family!r}")


def given_nan(text: pd.Series) -> pd.Series:
    """Rows whose text is 'NaN' (a value, not a missing one)."""
    return pd.Series([isinstance(v, str) and v.lower() == "nan" for v in text], index=text.index)


def uncastable_rows(text: pd.Series, typed: pd.Series) -> list[int]:
    """Row numbers where a value was given but did not cast (e.g. 2025-02-30)."""
    lost = text.notna() & typed.isna() & ~given_nan(text)
    return [int(i) for i in text.index[lost]]


def implausible(typed: pd.Series, text: pd.Series, family: str) -> pd.Series:
    """0/1 per row: a number non-finite or beyond +-1e12, a date outside 1900..2099."""
    if family in ("number", "integer"):
        numbers = typed.to_numpy(dtype="float64")
        bad = given_nan(text).to_numpy() | (
            ~np.isnan(numbers) & ~(np.abs(numbers) <= PLAUSIBLE_ABS_NUMBER)
        )
    elif family in ("date", "timestamp"):
        bad = (
            typed.notna() & ((typed < PLAUSIBLE_FIRST_DAY) | (typed >= PLAUSIBLE_END))
        ).to_numpy()
    else:
        bad = np.zeros(len(typed), dtype=bool)
    return pd.Series(bad.astype("int64"), index=typed.index)
