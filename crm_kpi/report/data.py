"""Everything the report shows, read from the published warehouse (read-only, marts only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd


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
USAGE_SQL = "('crm_active_user_rate', 'crm_login_days_per_user')"


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns"
        " where table_schema = 'marts' and table_name = ?",
        [table],
    ).fetchall()
    return {name for (name,) in rows}


def _kpis(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    columns = _columns(con, "dim_kpi")
    optional = [c for c in ("is_available", "missing_source_tables") if c in columns]
    select = ", ".join(
        [
            "kpi_code",
            "kpi_name",
            "label_de",
            "unit",
            "kpi_type",
            "higher_is_better",
            "is_headline",
            *optional,
        ]
    )
    kpis = con.execute(f"select {select} from marts.dim_kpi order by kpi_code").df()
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
        windows = con.execute(
            "select w.*, coalesce(r.region_name, w.region_name) as display_name"
            " from marts.dim_rollout_window as w"
            " left join marts.dim_region as r on w.region_code = r.region_code"
            " order by w.grain, w.is_control, w.go_live_month nulls last, w.scope_code"
        ).df()
        series = con.execute(
            f"""
            select f.kpi_code, coalesce(f.region_code, 'company') as scope_code,
                   f.period_month, f.value
            from marts.fct_kpi_monthly as f
            inner join marts.dim_kpi as k on f.kpi_code = k.kpi_code
            inner join marts.dim_month as m on f.period_month = m.period_month
            where (k.is_headline or f.kpi_code in {USAGE_SQL})
              and f.grain in ('company', 'region')
              and m.is_complete_month
              and f.period_month >= (
                  select min(baseline_start_month) - interval 6 month
                  from marts.dim_rollout_window
              )
            order by f.kpi_code, scope_code, f.period_month
            """
        ).df()
        statistics_columns = (
            """, t.change_ci_low, t.change_ci_high, t.change_p_value, t.change_q_value,
                   t.is_change_in_family, t.is_change_significant_raw,
                   t.is_change_significant_bh, t.did_ci_low, t.did_ci_high, t.did_p_value,
                   t.did_q_value, t.is_did_in_family, t.is_did_significant_raw,
                   t.is_did_significant_bh"""
            if has_statistics
            else ""
        )
        statistics_join = (
            """left join marts.fct_kpi_before_after_tests as t
                on c.baseline_label = t.baseline_label and c.kpi_code = t.kpi_code
                and c.grain = t.grain and c.region_code is not distinct from t.region_code
                and t.rep_id is null"""
            if has_statistics
            else ""
        )
        comparison = con.execute(
            f"""
            select c.kpi_code, coalesce(c.region_code, 'company') as scope_code, c.grain,
                   c.is_control_region, c.baseline_value, c.current_value, c.absolute_change,
                   c.relative_change, c.welch_z, c.is_significant, c.target_value,
                   c.is_target_met, c.control_baseline_value, c.control_current_value,
                   c.control_change, c.did_estimate, c.baseline_n, c.current_n
                   {statistics_columns}
            from marts.fct_kpi_before_after as c
            inner join marts.dim_kpi as k on c.kpi_code = k.kpi_code
            {statistics_join}
            where c.baseline_label = ? and c.grain in ('company', 'region')
              and (k.is_headline or c.kpi_code in {USAGE_SQL})
            """,
            [baseline_label],
        ).df()
        roi = con.execute(
            "select * from marts.fct_crm_roi where baseline_label = ?", [baseline_label]
        ).df()
        # cumulative actual = variance numerator + budget; budget = its denominator
        cost_budget = con.execute(
            """
            select f.period_month, f.numerator + f.denominator as cumulative_actual_eur,
                   f.denominator as cumulative_budget_eur
            from marts.fct_kpi_monthly as f
            inner join marts.dim_month as m on f.period_month = m.period_month
            where f.kpi_code = 'crm_budget_variance_pct' and f.grain = 'company'
              and m.is_complete_month
            order by f.period_month
            """
        ).df()
        audit = con.execute(
            "select source_table, raw_row_count, staged_row_count, duplicate_version_row_count,"
            " soft_deleted_row_count, quarantined_row_count from marts.fct_extract_row_audit"
            " order by quarantined_row_count desc, source_table"
        ).df()
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
