"""Read what a snapshot needs from a built warehouse (read-only, closed again).

Three selects of models the build made (``sql/*.sql`` next to this module): the baseline rows of
``int_kpi_window_sums``, the windows of ``int_rollout_windows`` and the one row of
``int_build_metadata``. DuckDB locks the file, so the connection is closed before anything
is written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from crm_kpi import PROJECT_DIR, sql
from crm_kpi.baseline.errors import SnapshotError

LATEST_BUILD = Path("warehouse/builds/latest/build.duckdb")
SERVING_FILE = Path("warehouse/crm_kpi.duckdb")

# kpi_baseline.csv's columns, in order (models/baseline/kpi_baseline reads them back)
COLUMNS = (
    "kpi_code",
    "grain",
    "region_code",
    "rep_id",
    "window_scope_code",
    "is_comparison_window",
    "window_start_month",
    "window_end_month",
    "months_in_window",
    "months_counted",
    "sum_numerator",
    "sum_denominator",
    "sum_sum_sq",
    "kpi_type",
    "scale",
    "baseline_value",
)
WINDOW_COLUMNS = (
    "scope_code",
    "grain",
    "region_code",
    "go_live_date",
    "go_live_month",
    "is_control",
    "window_scope_code",
    "baseline_start_month",
    "baseline_end_month",
    "months_in_baseline",
    "is_baseline_complete",
    "stabilization_start_month",
    "stabilization_end_month",
    "evaluation_start_month",
    "evaluation_end_month",
    "months_in_evaluation",
)
ROWS_SQL = sql.render(__package__, "baseline_rows", columns=COLUMNS[:-1])
WINDOWS_SQL = sql.render(__package__, "rollout_windows", columns=WINDOW_COLUMNS)
METADATA_SQL = "select * from intermediate.int_build_metadata"


@dataclass(frozen=True)
class Build:
    """What one build computed for the baseline: its rows, windows and run metadata."""

    rows: list[tuple]
    windows: list[dict[str, Any]]
    metadata: dict[str, Any]

    @property
    def data_as_of(self) -> dt.date | None:
        """The as-of date the build used (the given cut-off or the latest date in the data)."""
        return self.metadata["data_as_of_date"]


def default_warehouse() -> Path:
    """Warehouse to read when --warehouse is not given.

    Env CRM_KPI_DUCKDB_PATH if set, else the latest successful build
    ``warehouse/builds/latest/build.duckdb`` if it exists, else ``warehouse/crm_kpi.duckdb``.
    """
    if os.environ.get("CRM_KPI_DUCKDB_PATH"):
        return Path(os.environ["CRM_KPI_DUCKDB_PATH"])
    latest = PROJECT_DIR / LATEST_BUILD
    if latest.is_file():
        return latest
    return PROJECT_DIR / SERVING_FILE


def fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    """Run a query and return its rows as dicts keyed by column name."""
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only; a missing or locked file is a one-line SnapshotError."""
    if not path.is_file():
        raise SnapshotError(f"warehouse file not found: {path} (run make build first)")
    try:
        return duckdb.connect(str(path), read_only=True, config={"threads": 1})
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise SnapshotError(
                f"warehouse {path} is locked by another process (is dbt running?)"
            ) from None
        raise SnapshotError(f"cannot open warehouse {path}: {str(exc).splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise SnapshotError(f"cannot open warehouse {path}: {str(exc).splitlines()[0]}") from None


def read_build(path: Path) -> Build:
    """Read the baseline rows, windows and run metadata of a built warehouse; then close."""
    con = connect(path)
    try:
        try:
            windows = fetch_dicts(con, WINDOWS_SQL)
            rows = con.execute(ROWS_SQL).fetchall()
            metadata = fetch_dicts(con, METADATA_SQL)
        except duckdb.CatalogException as exc:
            first_line = str(exc).splitlines()[0]
            raise SnapshotError(
                f"warehouse {path} lacks the KPI models ({first_line}): run dbt build first"
            ) from None
    finally:
        con.close()
    if len(metadata) != 1 or not metadata[0]["source_id"]:
        raise SnapshotError(
            f"warehouse {path} cannot identify its data (int_build_metadata has no source id: "
            "no CRM users?)"
        )
    return Build(rows=rows, windows=windows, metadata=metadata[0])
