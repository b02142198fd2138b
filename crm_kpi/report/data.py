"""Everything the report shows, read from the published warehouse (read-only, marts only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from crm_kpi import sql


class ReportError(Exception):
    """A problem a user can fix (missing or locked warehouse, unbuilt models): one line."""


@dataclass(frozen=True)
class ReportData:
    """The tables behind the report."""

    warehouse: Path
    baseline_label: str
    data_as_of: date | None
    kpis: pd.DataFrame
    windows: pd.DataFrame
    series: pd.DataFrame
    comparison: pd.DataFrame
    has_statistics: bool
    roi: pd.DataFrame
    cost_budget: pd.DataFrame
    usage: pd.DataFrame
    audit: pd.DataFrame
    unavailable_kpis: pd.DataFrame | None


REQUIRED = (
    "dim_kpi",
    "dim_region",
    "dim_month",
    "dim_rollout_window",
    "fct_kpi_monthly",
    "fct_kpi_before_after",
    "fct_crm_roi",
    "fct_extract_row_audit",
)

USAGE_KPIS = ("crm_active_user_rate", "crm_login_days_per_user")
USAGE_SQL = "(" + ", ".join(f"'{code}'" for code in USAGE_KPIS) + ")"


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(sql.load(__package__, "mart_columns"), [table]).fetchall()
    return {name for (name,) in rows}


def _kpis(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    columns = _columns(con, "dim_kpi")
    optional = [c for c in ("is_available", "missing_source_tables") if c in columns]
    kpis = con.execute(sql.render(__package__, "kpis", optional=optional)).df()
    if "is_available" not in columns:
        return kpis, None
    unavailable = kpis[kpis["is_available"] == False].copy()  # noqa: E712 (pandas mask)
    if "missing_source_tables" not in unavailable:
        unavailable["missing_source_tables"] = None
    return kpis, unavailable[["kpi_code", "kpi_name", "label_de", "missing_source_tables"]]


def _selected_baseline(con: duckdb.DuckDBPyConnection) -> str:
    """Return the baseline the build selected for its data; ReportError when there is none."""
    try:
        row = con.execute(
            "select baseline_label, baseline_message from baseline.baseline_selection"
        ).fetchone()
    except duckdb.Error as error:
        raise ReportError(
            "the warehouse has no baseline.baseline_selection: run `make build`"
        ) from error
    if row is None or row[0] is None:
        message = row[1] if row else "no baseline for this data"
        raise ReportError(f"no verdict to draw: {message}")
    return str(row[0])


def load(warehouse: Path, baseline_label: str | None) -> ReportData:
    """Read every table of the report; raise ReportError with one line on a user problem."""
    if not warehouse.is_file():
        raise ReportError(f"warehouse {warehouse} not found: run `make build` first")
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0]
        raise ReportError(f"warehouse {warehouse} cannot be opened ({first_line})") from error
    with con:
        tables = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        missing = [name for name in REQUIRED if name not in tables]
        if missing:
            raise ReportError(
                f"warehouse {warehouse} lacks marts.{', marts.'.join(missing)}: run `make build`"
            )
        has_statistics = "fct_kpi_before_after_tests" in tables
        if baseline_label is None:
            baseline_label = _selected_baseline(con)
        labels = [
            r[0] for r in con.execute("select baseline_label from marts.fct_crm_roi").fetchall()
        ]
        if baseline_label not in labels:
            raise ReportError(
                f"baseline '{baseline_label}' not in {warehouse}"
                f" (has: {', '.join(labels) or 'none'})"
            )
        kpis, unavailable = _kpis(con)
        data_as_of = None
        if "data_as_of_date" in _columns(con, "dim_month"):
            data_as_of = con.execute("select max(data_as_of_date) from marts.dim_month").fetchone()[
                0
            ]
        windows = con.execute(sql.load(__package__, "windows")).df()
        series = con.execute(sql.render(__package__, "series", usage_kpis=USAGE_SQL)).df()
        comparison = con.execute(
            sql.render(
                __package__,
                "comparison",
                has_statistics=has_statistics,
                usage_kpis=USAGE_SQL,
            ),
            [baseline_label],
        ).df()
        roi = con.execute(
            "select * from marts.fct_crm_roi where baseline_label = ?", [baseline_label]
        ).df()
        cost_budget = con.execute(sql.load(__package__, "cost_budget")).df()
        audit = con.execute(sql.load(__package__, "audit")).df()
    usage = series[series["kpi_code"].isin(USAGE_KPIS)].copy()
    return ReportData(
        warehouse=warehouse,
        baseline_label=baseline_label,
        data_as_of=data_as_of,
        kpis=kpis,
        windows=windows,
        series=series,
        comparison=comparison,
        has_statistics=has_statistics,
        roi=roi,
        cost_budget=cost_budget,
        usage=usage,
        audit=audit,
        unavailable_kpis=unavailable,
    )
