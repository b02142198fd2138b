"""Write the raw tables in the contract's shape (CSV seeds or typed Parquet)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from crm_kpi.contract import read_tables
from crm_kpi.demo_data.helpers import month_start
from crm_kpi.demo_data.reference import REFERENCE_SCHEMAS, parse_schema, reference_tables

# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------
#: The writer's type letter of each contract cast family (``crm_kpi.contract``):
#: s varchar, b boolean, t timestamp, d date, f double, i integer.
TYPE_LETTERS: dict[str, str] = {
    "string": "s",
    "boolean": "b",
    "timestamp": "t",
    "date": "d",
    "number": "f",
    "integer": "i",
}
#: Decimal places written for a column (default 2).
DECIMALS: dict[str, int] = {"eur_per_unit": 6}


def raw_schemas() -> dict[str, list[tuple[str, str]]]:
    """Return ``{"system.table": [(column, type letter), ...]}`` of every raw table.

    Read from the extract contract (the dbt source YAML), in its declaration order: the
    generator writes exactly the contract's columns, in its order, with its types.
    """
    return {
        table.key: [(column.name, TYPE_LETTERS[column.family]) for column in table.columns]
        for table in read_tables()
    }


def _fmt_column(values: pd.Series, typ: str, col: str) -> list[str]:
    """Format one column for CSV: ISO dates, UTC timestamps, true/false, fixed decimals."""
    if typ == "s":
        return [
            "" if (v is None or (isinstance(v, float) and np.isnan(v))) else str(v) for v in values
        ]
    if typ == "b":
        return [
            ""
            if v is None or (isinstance(v, float) and np.isnan(v))
            else ("true" if v else "false")
            for v in values
        ]
    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    ok = ~np.isnan(arr)
    out = np.full(len(arr), "", dtype=object)
    if typ == "i":
        out[ok] = [str(int(round(x))) for x in arr[ok]]
    elif typ == "f":
        d = DECIMALS.get(col, 2)
        out[ok] = [f"{x:.{d}f}" for x in np.round(arr[ok], d) + 0.0]
    elif typ == "d":
        out[ok] = np.datetime_as_string(arr[ok].astype(np.int64).astype("datetime64[D]"), unit="D")
    elif typ == "t":
        s = np.datetime_as_string(arr[ok].astype(np.int64).astype("datetime64[s]"), unit="s")
        out[ok] = np.char.replace(s.astype(str), "T", " ")
    return out.tolist()


def write_csv(df: pd.DataFrame, schema: list[tuple[str, str]], path: Path) -> None:
    """Write a table as CSV in the seed conventions."""
    cols = {c: _fmt_column(df[c], t, c) for c, t in schema}
    pd.DataFrame(cols).to_csv(path, index=False, lineterminator="\n")


def write_parquet(df: pd.DataFrame, schema: list[tuple[str, str]], path: Path) -> None:
    """Write a table as Parquet with typed columns matching the contract."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays, fields = [], []
    for c, t in schema:
        v = df[c]
        if t == "s":
            a = pa.array(
                [
                    None if (x is None or (isinstance(x, float) and np.isnan(x))) else str(x)
                    for x in v
                ],
                pa.string(),
            )
        elif t == "b":
            a = pa.array(
                [
                    None if x is None or (isinstance(x, float) and np.isnan(x)) else bool(x)
                    for x in v
                ],
                pa.bool_(),
            )
        else:
            arr = pd.to_numeric(v, errors="coerce").to_numpy(dtype=float)
            mask = np.isnan(arr)
            filled = np.where(mask, 0, arr)
            if t == "i":
                a = pa.array(np.round(filled).astype(np.int32), pa.int32(), mask=mask)
            elif t == "f":
                a = pa.array(np.round(filled, DECIMALS.get(c, 2)), pa.float64(), mask=mask)
            elif t == "d":
                a = pa.array(filled.astype(np.int32), pa.date32(), mask=mask)
            else:
                a = pa.array(filled.astype(np.int64) * 1_000_000, pa.timestamp("us"), mask=mask)
        arrays.append(a)
        fields.append(pa.field(c, a.type))
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), path, compression="zstd")


def sort_rows(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Sort an extract deterministically (by id, then modstamp; else by all columns)."""
    cols = [c for c in ("id", "system_modstamp") if c in df.columns]
    if not cols:
        cols = [c for c in ("month", "category") if c in df.columns]
    return df.sort_values(cols, kind="mergesort", ignore_index=True)


def write_all(
    raw: dict[str, pd.DataFrame], oracle: dict[str, object], out: Path, fmt: str
) -> dict[str, int]:
    """Write every raw table and the oracle; return row counts per table."""
    counts: dict[str, int] = {}
    for key, schema in raw_schemas().items():
        system, table = key.split(".")
        folder = out / system
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{table}.{fmt}"
        if fmt == "csv":
            write_csv(raw[key], schema, path)
        else:
            write_parquet(raw[key], schema, path)
        counts[key] = len(raw[key])
    (out / "planted_effects.json").write_text(
        json.dumps(oracle, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return counts


def write_reference(folder: Path, as_of: date) -> None:
    """Write the reference seeds as CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    for key, df in reference_tables(as_of, month_start(as_of, -36)).items():
        write_csv(df, parse_schema(REFERENCE_SCHEMAS[key]), folder / f"{key.split('.')[1]}.csv")
