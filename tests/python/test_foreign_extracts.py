"""A customer's own extracts build on the first try, and give the same numbers as the contract.

One generated company (not the demo: another seed, cut off on the 1st of a month) is written
twice: as a customer's tools export it (CSV with Salesforce API-name headers, reversed column
order, extra fields, optional columns left out, tables absent or header-only, national
campaigns, a country missing from the region mapping, users without an office, and
upper-case region codes in the business's reference data) and as the same records in the
contract's shape. Both go through the real ``make build EXTRACT_DIR=...``; a third build reads
only the four tables a CRM-only company has. The tests compare the published KPI facts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, generate_extracts
from foreign_extracts import (
    ABSENT_TABLES,
    EMPTY_TABLES,
    EXTRA_COLUMNS,
    api_name,
    copy_project,
    make_foreign_pair,
    upper_case_reference,
)

CUT_OFF = date(2026, 11, 1)
CRM_ONLY = ("crm.user", "crm.account", "crm.opportunity", "crm.opportunity_history")
FACT_COLUMNS = (
    "period_month, kpi_code, grain, upper(region_code) as region_key, rep_id, "
    "numerator, denominator, sum_sq, value"
)


@dataclass(frozen=True)
class Published:
    """A published warehouse and the gate report of its build."""

    path: Path
    report: dict

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(sql).fetchall()

    def facts(self) -> dict[tuple, tuple]:
        rows = self.query(f"select {FACT_COLUMNS} from marts.fct_kpi_monthly")
        return {row[:5]: row[5:] for row in rows}


def make_build(project: Path, extracts: Path, site: Path) -> Published:
    """Run ``make build EXTRACT_DIR=extracts`` in project, publishing into site."""
    published = site / "crm_kpi.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRM_KPI_", "DBT_"))}
    env["CRM_KPI_PUBLISH_PATH"] = str(published)
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-o",
            ".venv/.installed-requirements",
            "build",
            f"EXTRACT_DIR={extracts}",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (result.stdout[-4000:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    report = json.loads((site / "reports" / "extract_validation.json").read_text("utf-8"))
    return Published(published, report)


@dataclass(frozen=True)
class Builds:
    """The three builds of one generated company, and what the customer's export left out."""

    foreign: Published
    contract: Published
    crm_only: Published
    dropped_optional: dict[str, list[str]]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """Generate one company, derive its three extract sets, build each through make build."""
    work = tmp_path_factory.mktemp("foreign")
    generated = work / "generated"
    generate_extracts(generated, 0.15, "--seed", "11", "--as-of", CUT_OFF.isoformat())
    pair = make_foreign_pair(generated, work, PROJECT_DIR)
    crm_only = work / "crm_only"
    for key in CRM_ONLY:
        system, table = key.split(".")
        (crm_only / system).mkdir(parents=True, exist_ok=True)
        shutil.copy(pair.contract / system / f"{table}.parquet", crm_only / system)
    project = copy_project(PROJECT_DIR, work / "customer_project")
    upper_case_reference(project)
    return Builds(
        foreign=make_build(project, pair.foreign, work / "site_foreign"),
        contract=make_build(PROJECT_DIR, pair.contract, work / "site_contract"),
        crm_only=make_build(PROJECT_DIR, crm_only, work / "site_crm_only"),
        dropped_optional=pair.dropped_optional,
    )


def table_report(published: Published, key: str) -> dict:
    """Return the gate report's entry for one table."""
    entries = [t for t in published.report["tables"] if t["table"] == key]
    assert len(entries) == 1, key
    return entries[0]


def test_gate_reports_renames_extras_missing_columns_and_absent_tables(
    builds: Builds,
) -> None:
    foreign = builds.foreign
    opportunity = table_report(foreign, "crm.opportunity")
    assert opportunity["renamed_columns"]["StageName"] == "stage_name"
    assert opportunity["renamed_columns"]["Lead_Id__c"] == "lead_id_c"
    assert opportunity["renamed_columns"][api_name("system_modstamp")] == "system_modstamp"
    assert set(opportunity["extra_columns"]) == set(EXTRA_COLUMNS["crm.opportunity"])
    assert builds.dropped_optional, "the contract marks no optional column"
    for key, columns in builds.dropped_optional.items():
        assert set(table_report(foreign, key)["missing_optional_columns"]) == set(columns), key
    for key in ABSENT_TABLES:
        assert table_report(foreign, key)["status"] == "absent"
    for key in EMPTY_TABLES:
        assert table_report(foreign, key)["status"] == "empty"


def test_kpis_agree_with_the_same_records_in_contract_shape(
    builds: Builds,
) -> None:
    foreign, contract = builds.foreign.facts(), builds.contract.facts()
    assert len(contract) > 1000
    assert foreign.keys() == contract.keys()
    for key, values in contract.items():
        for ours, theirs in zip(foreign[key], values, strict=True):
            if theirs is None:
                assert ours is None, key
            else:
                assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-9), key


def test_region_codes_keep_the_business_spelling(builds: Builds) -> None:
    foreign = builds.foreign
    regions = {row[0] for row in foreign.query("select region_code from marts.dim_region")}
    assert {"DE_SOUTH", "DE_EAST", "AT", "unassigned"} <= regions
    assert not {r for r in regions if r != "unassigned" and r != r.upper()}
    fact_regions = foreign.query(
        "select distinct region_code from marts.fct_kpi_monthly where grain <> 'company'"
    )
    assert {row[0] for row in fact_regions} <= regions


def test_records_without_a_region_count_under_unassigned(builds: Builds) -> None:
    foreign = builds.foreign
    kpis = {
        row[0]
        for row in foreign.query(
            "select distinct kpi_code from marts.fct_kpi_monthly "
            "where grain = 'region' and region_code = 'unassigned'"
        )
    }
    # national campaigns and users without an office (accounts in FR fall back to the lead's
    # or the owner's region, as sources.md says)
    assert {"campaign_response_rate", "customer_acquisition_cost_eur"} <= kpis
    assert {"crm_active_user_rate", "crm_login_days_per_user"} <= kpis


def test_company_equals_sum_of_regions(builds: Builds) -> None:
    for name, published in vars(builds).items():
        if not isinstance(published, Published):
            continue
        mismatches = published.query(
            """
            with regions as (
                select period_month, kpi_code, sum(denominator) as denominator,
                    sum(numerator) as numerator,
                    count(*) filter (where numerator is null) as n_hidden
                from marts.fct_kpi_monthly where grain = 'region'
                group by all
            )
            select c.kpi_code, c.period_month
            from marts.fct_kpi_monthly as c
            inner join marts.dim_kpi as k on c.kpi_code = k.kpi_code
            left join regions as r
                on c.period_month = r.period_month and c.kpi_code = r.kpi_code
            where c.grain = 'company' and k.grains like '%region%' and (
                r.kpi_code is null
                or abs(coalesce(c.denominator, 0) - coalesce(r.denominator, 0)) > 1e-6
                or (r.n_hidden = 0 and c.numerator is not null
                    and abs(c.numerator - r.numerator) > 1e-6 * greatest(1, abs(c.numerator)))
            )
            """
        )
        assert mismatches == [], (name, mismatches[:5])


def test_no_month_from_the_cut_off_on_is_reported(builds: Builds) -> None:
    foreign = builds.foreign
    last = foreign.query("select max(period_month) from marts.fct_kpi_monthly")[0][0]
    assert last == date(2026, 10, 1)
    months = dict(foreign.query("select period_month, is_complete_month from marts.dim_month"))
    assert months[date(2026, 10, 1)] is True
    assert months.get(date(2026, 11, 1)) is not True
    assert not [m for m in months if m > CUT_OFF]


def test_kpis_of_absent_tables_are_unavailable_with_no_rows(
    builds: Builds,
) -> None:
    foreign = builds.foreign
    availability = {
        row[0]: (row[1], row[2], row[3])
        for row in foreign.query(
            "select kpi_code, is_available, missing_source_tables, source_tables from marts.dim_kpi"
        )
    }
    published = {row[0] for row in foreign.query("select kpi_code from marts.fct_kpi_monthly")}
    unavailable = {k for k, (available, _, _) in availability.items() if not available}
    assert unavailable, "absent tables made no KPI unavailable"
    assert not unavailable & published
    for kpi, (available, missing, tables) in availability.items():
        needs_absent = any(t in (tables or "").split() for t in (*ABSENT_TABLES, *EMPTY_TABLES))
        assert available is not needs_absent, (kpi, missing)
        if not available:
            assert missing and set(missing.split()) <= set(ABSENT_TABLES + EMPTY_TABLES), kpi
    summary = json.dumps(foreign.report)
    assert "survey.nps_response" in summary


def test_crm_only_company_gets_the_same_sales_kpis(builds: Builds) -> None:
    full, crm_only = builds.contract, builds.crm_only
    catalogue = crm_only.query("select kpi_code, source_tables, is_available from marts.dim_kpi")
    sales = {k for k, tables, _ in catalogue if set((tables or "").split()) <= set(CRM_ONLY)}
    assert {"win_rate", "pipeline_open_value_eur"} <= sales
    assert {k for k, _, available in catalogue if available} == sales
    ours, theirs = crm_only.facts(), full.facts()
    months = {key[0] for key in ours}
    common = {key: value for key, value in theirs.items() if key[1] in sales and key[0] in months}
    assert common, "no sales KPI in common months"
    # company rows are the same; a rep's rows are the same summed over regions (without the
    # lead table, a deal of an account in an unmapped country falls back to the owner's home
    # region instead of the lead's region, docs/regions.md)
    for grain in ("company", "rep"):
        assert per_rep(ours, grain) == pytest.approx(per_rep(common, grain), rel=1e-9), grain


def per_rep(facts: dict[tuple, tuple], grain: str) -> dict[tuple, float]:
    """Numerators and denominators per month, KPI and rep (regions added up) of one grain."""
    sums: dict[tuple, float] = {}
    for (month, kpi, row_grain, _, rep), (numerator, denominator, _, _) in facts.items():
        if row_grain != grain:
            continue
        for part, value in (("n", numerator), ("d", denominator)):
            key = (month, kpi, rep, part)
            sums[key] = sums.get(key, 0.0) + (value or 0.0)
    return sums
