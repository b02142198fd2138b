"""Mart expectations after the build, checked with Great Expectations on DataFrames.

GX's SQL data source returns empty results against duckdb-engine, so the marts are read
from the built DuckDB file into pandas and validated there. The rollup invariants are also
dbt data tests (tests/assert_kpi_*.sql); here they are checked again from the outside, as
a BI user would see the tables.
"""

from __future__ import annotations

import logging

import great_expectations as gx
import pandas as pd
import pytest
from conftest import Warehouse

# KPIs that count rare events: a month without such an event has, by the spec, no row.
SPARSE_KPIS = {
    "crm_milestones_on_time_rate": "CRM programme milestones are planned in a few months only",
    "won_revenue_deep_sell_eur": "a month may close no deep-sell deal",
}


@pytest.fixture(scope="module")
def facts(warehouse: Warehouse) -> pd.DataFrame:
    """fct_kpi_monthly joined to dim_kpi, as a DataFrame."""
    rows = warehouse.query(
        "select f.period_month, f.kpi_code, f.grain, f.region_code, f.rep_id, f.numerator, "
        "f.denominator, f.value, k.unit, k.kpi_type, k.grains "
        "from marts.fct_kpi_monthly as f inner join marts.dim_kpi as k using (kpi_code)"
    )
    columns = [
        "period_month",
        "kpi_code",
        "grain",
        "region_code",
        "rep_id",
        "numerator",
        "denominator",
        "value",
        "unit",
        "kpi_type",
        "grains",
    ]
    return pd.DataFrame(rows, columns=columns)


def validate(frame: pd.DataFrame, *expectations: gx.expectations.Expectation) -> list[str]:
    """Validate a DataFrame with GX; return a description of every failed expectation."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    batch = (
        context.data_sources.add_pandas("marts")
        .add_dataframe_asset("frame")
        .add_batch_definition_whole_dataframe("whole")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    failures = []
    for expectation in expectations:
        result = batch.validate(expectation, result_format="SUMMARY")
        if not result.success:
            failures.append(f"{expectation.expectation_type}: {result.result}")
    return failures


def test_percent_kpis_within_0_and_100(facts: pd.DataFrame) -> None:
    percent_means = facts[(facts["unit"] == "percent") & (facts["kpi_type"] == "mean")]
    assert not percent_means.empty
    assert not validate(
        percent_means,
        gx.expectations.ExpectColumnValuesToBeBetween(column="value", min_value=0, max_value=100),
    )


def test_every_catalogue_kpi_at_every_listed_grain(
    facts: pd.DataFrame, warehouse: Warehouse
) -> None:
    catalogue = warehouse.query("select kpi_code, grains from marts.dim_kpi")
    expected = {f"{code}|{grain}" for code, grains in catalogue for grain in grains.split("|")}
    published = facts.assign(key=facts["kpi_code"] + "|" + facts["grain"])
    assert not validate(
        published,
        gx.expectations.ExpectColumnDistinctValuesToEqualSet(column="key", value_set=expected),
    )


def test_no_kpi_missing_for_a_month_with_data(facts: pd.DataFrame, warehouse: Warehouse) -> None:
    complete = [
        row[0]
        for row in warehouse.query(
            "select period_month from marts.dim_month where is_complete_month order by 1"
        )
    ]
    company = facts[(facts["grain"] == "company") & ~facts["kpi_code"].isin(SPARSE_KPIS)]
    months_by_kpi = company.groupby("kpi_code")["period_month"].agg(set)
    # Legacy records of old customers reach back years before the extract history; from the
    # month in which every KPI publishes, a KPI without a row in a complete month is a gap.
    history_start = company.groupby("kpi_code")["period_month"].min().max()
    gaps = [
        f"{kpi_code} {month}"
        for kpi_code, months in months_by_kpi.items()
        for month in complete
        if history_start <= month <= max(months) and month not in months
    ]
    assert len(complete) >= 12
    assert not validate(
        pd.DataFrame({"gap": gaps}, dtype="object"),
        gx.expectations.ExpectTableRowCountToEqual(value=0),
    ), gaps


def test_company_totals_reconcile_with_regions(facts: pd.DataFrame) -> None:
    keys = ["period_month", "kpi_code"]
    region_rows = facts[facts["grain"] == "region"]
    regions = region_rows.groupby(keys, as_index=False).agg(
        numerator_regions=("numerator", lambda s: s.sum(min_count=1)),
        denominator_regions=("denominator", lambda s: s.sum(min_count=1)),
        n_suppressed=("numerator", lambda s: int(s.isna().sum())),
    )
    company = facts[(facts["grain"] == "company") & facts["grains"].str.contains("region")]
    both = company.merge(regions, on=keys)
    assert not both.empty
    gaps = pd.DataFrame(
        {
            "denominator_gap": (
                both["denominator"].fillna(0) - both["denominator_regions"].fillna(0)
            ).abs(),
            # totals have no denominator; anonymised region rows (numerator null) can't add up
            "numerator_gap": (both["numerator"] - both["numerator_regions"])
            .abs()
            .where(both["n_suppressed"] == 0, 0.0)
            .fillna(0.0),
        }
    ).astype(float)
    assert not validate(
        gaps,
        gx.expectations.ExpectColumnValuesToBeBetween(column="denominator_gap", max_value=1e-6),
        gx.expectations.ExpectColumnValuesToBeBetween(column="numerator_gap", max_value=1e-3),
    )


def test_marts_carry_their_descriptions_as_comments(warehouse: Warehouse) -> None:
    """persist_docs: every marts and baseline table and column has its dbt description.

    BI tools show DuckDB comments as tooltips; the build file itself (not only the serving
    file, which copies them from the manifest) carries them, with contracts enforced.
    """
    tables = warehouse.query(
        "select schema_name, table_name from duckdb_tables() "
        "where schema_name in ('marts', 'baseline') and coalesce(comment, '') = ''"
    )
    columns = warehouse.query(
        "select schema_name, table_name, column_name from duckdb_columns() "
        "where schema_name in ('marts', 'baseline') and coalesce(comment, '') = ''"
    )
    counted = warehouse.query(
        "select count(*) from duckdb_columns() where schema_name in ('marts', 'baseline')"
    )
    assert counted[0][0] > 100, counted
    assert tables == [], tables
    assert columns == [], columns


@pytest.mark.parametrize(
    ("grain", "keys"),
    [
        ("company", "period_month, kpi_code"),
        ("region", "period_month, kpi_code, region_code"),
        ("rep", "period_month, kpi_code, region_code, rep_id"),
    ],
)
def test_per_grain_marts_equal_the_filtered_fact(
    warehouse: Warehouse, grain: str, keys: str
) -> None:
    """fct_kpi_monthly_<grain> holds exactly the fact's rows of that grain, same numbers."""
    columns = f"{keys}, numerator, denominator, sum_sq, value, value_ratio"
    only_fact, only_grain, total = warehouse.query(
        f"""
        with fact as (
            select {columns} from marts.fct_kpi_monthly where grain = '{grain}'
        ),
        per_grain as (select {columns} from marts.fct_kpi_monthly_{grain})
        select
            (select count(*) from (select * from fact except all select * from per_grain)),
            (select count(*) from (select * from per_grain except all select * from fact)),
            (select count(*) from per_grain)
        """
    )[0]
    assert (only_fact, only_grain) == (0, 0)
    assert total > 0
