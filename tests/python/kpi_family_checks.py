"""Shared checks for the KPI family reconciliations (tests/python/test_kpi_<family>.py)."""

from __future__ import annotations

import pytest
from conftest import Warehouse


def latest_complete_month(warehouse: Warehouse) -> object:
    """Return the last spine month lying wholly before the extract's as-of date."""
    return warehouse.scalar(
        "select max(period_month) from intermediate.int_month_spine where is_complete_month"
    )


def missing_grains(warehouse: Warehouse, family: str) -> list[tuple[str, str]]:
    """(kpi_code, grain) pairs of a family's catalogue grains without any row in the fact."""
    expected = warehouse.query(
        "select kpi_code, unnest(string_split(grains, '|')) as grain"
        " from marts.dim_kpi where family = ?",
        [family],
    )
    assert expected, f"no KPI of family {family} in dim_kpi"
    published = set(
        warehouse.query(
            "select distinct facts.kpi_code, facts.grain"
            " from marts.fct_kpi_monthly as facts"
            " inner join marts.dim_kpi as kpis on facts.kpi_code = kpis.kpi_code"
            " where kpis.family = ?",
            [family],
        )
    )
    return sorted(set(expected) - published)


def fact_row(
    warehouse: Warehouse,
    kpi_code: str,
    period_month: object,
    grain: str,
    region_code: str | None = None,
    rep_id: str | None = None,
) -> tuple[float | None, float | None, float | None]:
    """(numerator, denominator, value) of one fct_kpi_monthly row."""
    rows = warehouse.query(
        "select numerator, denominator, value from marts.fct_kpi_monthly"
        " where kpi_code = ? and period_month = ? and grain = ?"
        " and region_code is not distinct from ? and rep_id is not distinct from ?",
        [kpi_code, period_month, grain, region_code, rep_id],
    )
    assert len(rows) == 1, f"expected one {grain} row of {kpi_code} {period_month}, got {rows}"
    return rows[0]


def recompute(
    warehouse: Warehouse,
    sql: str,
    period_month: object,
    region_code: str | None = None,
    rep_id: str | None = None,
) -> tuple:
    """First row of a family's recomputation query for one month, region and rep.

    The query names its parameters $month, $region_code and $rep_id (DuckDB named
    parameters); a None region or rep means all of them (`$rep_id is null or ...`).
    """
    parameters = {"month": period_month, "region_code": region_code, "rep_id": rep_id}
    used = {name: value for name, value in parameters.items() if f"${name}" in sql}
    return warehouse.query(sql, used)[0]


def assert_share(
    warehouse: Warehouse,
    kpi_code: str,
    period_month: object,
    part: float,
    whole: float,
    grain: str = "company",
    region_code: str | None = None,
    rep_id: str | None = None,
    scale: float = 100.0,
) -> None:
    """One fct_kpi_monthly row is (numerator, denominator) = (part, whole), value scaled share."""
    numerator, denominator, value = fact_row(
        warehouse, kpi_code, period_month, grain, region_code, rep_id
    )
    where = f"{kpi_code} {grain} {region_code} {rep_id}"
    assert (numerator, denominator) == (part, whole), where
    assert value == pytest.approx(scale * part / whole), where


def busiest(
    warehouse: Warehouse,
    kpi_code: str,
    period_month: object,
    grain: str = "rep",
    by: str = "denominator",
) -> tuple[str, str | None]:
    """(region_code, rep_id) of the row of a grain with the largest denominator (or numerator)."""
    assert by in ("denominator", "numerator"), by
    tie_break = "rep_id" if grain == "rep" else "region_code"
    rows = warehouse.query(
        "select region_code, rep_id from marts.fct_kpi_monthly"
        " where kpi_code = ? and period_month = ? and grain = ?"
        f" order by {by} desc, {tie_break} limit 1",
        [kpi_code, period_month, grain],
    )
    assert rows, f"no {grain} row of {kpi_code} in {period_month}"
    return rows[0]


def busiest_rep(warehouse: Warehouse, kpi_code: str, period_month: object) -> tuple[str, str]:
    """(region_code, rep_id) of the rep-grain row with the largest denominator."""
    return busiest(warehouse, kpi_code, period_month)
