"""Type checks and casts for contract columns, as DuckDB SQL.

Each cast family has a strict text pattern (checked by a Great Expectations regex
expectation, so a wrong format is a BLOCKING finding per column and row) and a cast
expression (TRY_CAST) used afterwards. Numbers written with a decimal comma (German Excel)
are converted to a decimal point first, but only in numeric contract columns of files that
are not comma-separated, where a comma cannot be a field separator.
"""

from __future__ import annotations

import re

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
PLAUSIBLE_ABS_NUMBER = "1e12"
PLAUSIBLE_FIRST_DAY = "1900-01-01"
PLAUSIBLE_END = "2100-01-01"
#: Largest whole number an int64 Parquet column holds.
_INT64_LIMIT = "9.2e18"

GERMAN_NUMBER = r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?|[+-]?\d+,\d+"
_GERMAN_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}( .*)?$")
_TRUE = {"true", "t", "1", "yes", "y"}
_FALSE = {"false", "f", "0", "no", "n"}


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


def clean_sql(column: str, family: str, decimal_comma: bool) -> str:
    """Return the SQL of a text column as the checks see it.

    Text columns stay as they are (cleaning is staging's job); typed ones are trimmed,
    blank becomes NULL, and with decimal_comma German numbers ('1.234,5') become '1234.5'.
    """
    if family == "string":
        return column
    value = f"nullif(trim({column}), '')"
    if decimal_comma:
        value = (
            f"case when regexp_full_match({value}, {_sql_text(GERMAN_NUMBER)}) "
            f"then replace(replace({value}, '.', ''), ',', '.') else {value} end"
        )
    return value


def decimal_comma_sql(column: str) -> str:
    """Return an SQL aggregate: does the column hold a number with a decimal comma."""
    value = f"trim({column})"
    return (
        f"coalesce(bool_or(contains({value}, ',') and "
        f"regexp_full_match({value}, {_sql_text(GERMAN_NUMBER)})), false)"
    )


def cast_sql(value: str, family: str) -> str:
    """Return SQL casting a clean text value to the family's type (NULL: does not cast).

    Types: string varchar, boolean boolean, number double (inf / NaN kept), integer bigint,
    date date, timestamp timestamp (UTC: an offset like +02:00 is converted).
    """
    if family == "string":
        return value
    if family == "boolean":
        true, false = (", ".join(f"'{v}'" for v in sorted(group)) for group in (_TRUE, _FALSE))
        return (
            f"case when lower({value}) in ({true}) then true "
            f"when lower({value}) in ({false}) then false end"
        )
    if family == "number":
        return f"try_cast({value} as double)"
    if family == "integer":
        number = f"try_cast({value} as double)"
        return (
            f"case when isfinite({number}) and {number} = round({number}) "
            f"and abs({number}) < {_INT64_LIMIT} then cast({number} as bigint) end"
        )
    if family == "date":
        return f"try_cast({value} as date)"
    if family == "timestamp":
        return f"timezone('UTC', try_cast({value} as timestamptz))"
    raise ValueError(f"unknown cast family {family!r}")


def implausible_sql(typed: str, family: str) -> str | None:
    """Return the SQL predicate: number non-finite or beyond +-1e12, date not in 1900..2099."""
    if family in ("number", "integer"):
        return f"(not isfinite({typed}) or abs({typed}) > {PLAUSIBLE_ABS_NUMBER})"
    if family in ("date", "timestamp"):
        return (
            f"({typed} < {_sql_text(PLAUSIBLE_FIRST_DAY)}::date or "
            f"{typed} >= {_sql_text(PLAUSIBLE_END)}::date)"
        )
    return None


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
