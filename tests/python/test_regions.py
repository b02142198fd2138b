"""Records that map to no region count under the unassigned region (docs/regions.md).

The generator writes a small Parquet extract set (0.1 x the demo volume); the test then
edits it the way real extracts look: national campaigns (no region_code_c), campaigns with
a code region_mapping does not know, a campaign code in other case and with spaces,
accounts and leads in France (not in region_mapping), users without an office. The whole
project is built on it (every data test and unit test runs, including the company = sum
of regions invariant), and the unassigned rows are checked against the edited records.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import Warehouse, dbt_env, generate_extracts, run_dbt

UNASSIGNED = "unassigned"
NATIONAL_CAMPAIGNS = 3
UNKNOWN_CODE_CAMPAIGNS = 2
UNKNOWN_CODE = "XX-9"


def _rewrite(path: Path, statements: list[str]) -> None:
    """Apply SQL statements to the table `t` loaded from a Parquet file, then write it back."""
    with duckdb.connect() as con:
        con.execute(f"create table t as select * from read_parquet('{path}')")
        for statement in statements:
            con.execute(statement)
        tmp = path.with_suffix(".tmp.parquet")
        con.execute(f"copy t to '{tmp}' (format parquet)")
    tmp.replace(path)


def _ids(path: Path, order_by: str, limit: int, offset: int = 0) -> list[str]:
    """Distinct ids of a Parquet file in a fixed order (deterministic picks)."""
    with duckdb.connect() as con:
        rows = con.execute(
            f"select distinct id from read_parquet('{path}') order by {order_by} "
            f"limit {limit} offset {offset}"
        ).fetchall()
    return [row[0] for row in rows]


def _in_list(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def edit_extracts(extracts: Path) -> dict[str, list[str]]:
    """Make some records unmappable; return the ids of what was edited."""
    crm = extracts / "crm"
    campaigns = _ids(
        crm / "campaign.parquet", "id", NATIONAL_CAMPAIGNS + UNKNOWN_CODE_CAMPAIGNS + 1
    )
    national = campaigns[:NATIONAL_CAMPAIGNS]
    unknown = campaigns[NATIONAL_CAMPAIGNS : NATIONAL_CAMPAIGNS + UNKNOWN_CODE_CAMPAIGNS]
    spaced = campaigns[-1:]
    _rewrite(
        crm / "campaign.parquet",
        [
            f"update t set region_code_c = null where id in ({_in_list(national)})",
            f"update t set region_code_c = '{UNKNOWN_CODE}' where id in ({_in_list(unknown)})",
            f"update t set region_code_c = ' DE_NORTH ' where id in ({_in_list(spaced)})",
        ],
    )
    homeless_users = _ids(crm / "user.parquet", "md5(id)", 4)
    _rewrite(
        crm / "user.parquet",
        [
            "update t set country_code = null, state_code = null "
            f"where id in ({_in_list(homeless_users)})"
        ],
    )
    with duckdb.connect() as con:
        # accounts of a homeless owner (-> unassigned) and of other owners (-> owner's region)
        homeless_owned = [
            row[0]
            for row in con.execute(
                f"select distinct id from read_parquet('{crm / 'account.parquet'}') "
                f"where owner_id in ({_in_list(homeless_users)}) order by id limit 5"
            ).fetchall()
        ]
        other_owned = [
            row[0]
            for row in con.execute(
                f"select distinct id from read_parquet('{crm / 'account.parquet'}') "
                f"where owner_id not in ({_in_list(homeless_users)}) order by md5(id) limit 10"
            ).fetchall()
        ]
    french_accounts = homeless_owned + other_owned
    _rewrite(
        crm / "account.parquet",
        [
            "update t set billing_country_code = 'FR', billing_state_code = null "
            f"where id in ({_in_list(french_accounts)})"
        ],
    )
    french_leads = _ids(crm / "lead.parquet", "md5(id)", 40)
    _rewrite(
        crm / "lead.parquet",
        [
            "update t set country_code = 'FR', state_code = null "
            f"where id in ({_in_list(french_leads)})"
        ],
    )
    _rewrite(
        extracts / "hr" / "pulse_response.parquet",
        [
            "update t set country_code = null, state_code = null where id in "
            "(select id from t order by md5(id) limit 200)"
        ],
    )
    return {
        "national": national,
        "unknown": unknown,
        "spaced": spaced,
        "homeless_users": homeless_users,
        "homeless_owned": homeless_owned,
        "other_owned": other_owned,
    }


@pytest.fixture(scope="module")
def unmapped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, dict[str, list[str]]]:
    """Generate extracts, make records unmappable, build the whole project on them."""
    work = tmp_path_factory.mktemp("regions")
    extracts = work / "extracts"
    generate_extracts(extracts, 0.1)
    edited = edit_extracts(extracts)
    env = dbt_env(work, CRM_KPI_EXTRACT_DIR=str(extracts), CRM_KPI_EXTRACT_FORMAT="parquet")
    run_dbt(["seed", "--select", "path:seeds/reference", "path:seeds/catalogue"], env)
    # every model, data test and unit test: a failing not_null on region_code or the
    # company = sum of regions invariant fails the fixture
    run_dbt(["build", "--exclude", "resource_type:seed"], env)
    return Warehouse(path=Path(env["CRM_KPI_DUCKDB_PATH"]), env=env), edited


def test_unassigned_region_rows_exist(unmapped: tuple[Warehouse, dict[str, list[str]]]) -> None:
    warehouse, _ = unmapped
    kpis = {
        row[0]
        for row in warehouse.query(
            "select distinct kpi_code from marts.fct_kpi_monthly "
            "where grain = 'region' and region_code = ?",
            [UNASSIGNED],
        )
    }
    for kpi_code in (
        "campaign_response_rate",
        "campaign_cost_per_response_eur",
        "customer_acquisition_cost_eur",
        "crm_active_user_rate",
        "employee_nps",
        "lead_qualification_rate",
    ):
        assert kpi_code in kpis, f"{kpi_code} has no unassigned region row"
    # company-only KPIs publish no region row, unassigned or not
    assert "crm_cost_eur" not in kpis


def test_company_equals_sum_of_regions_for_campaign_kpis(
    unmapped: tuple[Warehouse, dict[str, list[str]]],
) -> None:
    warehouse, _ = unmapped
    mismatches = warehouse.query(
        """
        with regions as (
            select period_month, kpi_code, sum(numerator) as numerator,
                sum(denominator) as denominator
            from marts.fct_kpi_monthly where grain = 'region' group by all
        )
        select company.period_month, company.kpi_code
        from marts.fct_kpi_monthly as company
        left join regions using (period_month, kpi_code)
        where company.grain = 'company'
            and company.kpi_code in ('campaign_response_rate',
                'campaign_cost_per_response_eur', 'customer_acquisition_cost_eur')
            and (regions.kpi_code is null
                or abs(company.numerator - regions.numerator) > 1e-6
                or abs(company.denominator - regions.denominator) > 1e-6)
        """
    )
    assert mismatches == []


def test_national_and_unknown_campaign_costs_count_under_unassigned(
    unmapped: tuple[Warehouse, dict[str, list[str]]],
) -> None:
    warehouse, edited = unmapped
    ids = _in_list(edited["national"] + edited["unknown"])
    expected = warehouse.scalar(
        "select sum(actual_cost_eur) from intermediate.int_campaign_costs_monthly "
        f"where campaign_id in ({ids}) "
        "and period_month <= (select max(period_month) from intermediate.int_month_spine)"
    )
    assert expected and expected > 0
    unassigned_cost = warehouse.scalar(
        "select sum(numerator) from marts.fct_kpi_monthly where grain = 'region' "
        "and kpi_code = 'campaign_cost_per_response_eur' and region_code = ?",
        [UNASSIGNED],
    )
    assert unassigned_cost == pytest.approx(expected)
    regions = dict(
        warehouse.query(
            "select campaign_id, region_code from marts.dim_campaign where campaign_id in "
            f"({_in_list(edited['national'] + edited['unknown'] + edited['spaced'])})"
        )
    )
    for campaign_id in edited["national"] + edited["unknown"]:
        assert regions[campaign_id] == UNASSIGNED, campaign_id
    # ' DE_NORTH ' is matched to region_mapping's de_north and shown in its spelling
    assert regions[edited["spaced"][0]] == "de_north"


def test_unmapped_accounts_fall_back_to_owner_else_unassigned(
    unmapped: tuple[Warehouse, dict[str, list[str]]],
) -> None:
    warehouse, edited = unmapped
    edited_accounts = _in_list(edited["homeless_owned"] + edited["other_owned"])
    rows = warehouse.query(
        "select accounts.account_id, accounts.region_code, owners.home_region_code, "
        "dim.region_code from intermediate.int_accounts_attributed as accounts "
        "join marts.dim_rep as owners on accounts.owner_user_id = owners.rep_id "
        "join marts.dim_account as dim on accounts.account_id = dim.account_id "
        f"where accounts.account_id in ({edited_accounts})"
    )
    assert len(rows) == len(edited["homeless_owned"]) + len(edited["other_owned"])
    assert edited["homeless_owned"], "no account of a user without office was edited"
    for account_id, region_code, owner_region_code, billing_region_code in rows:
        assert billing_region_code == UNASSIGNED, account_id
        expected = UNASSIGNED if account_id in edited["homeless_owned"] else owner_region_code
        assert region_code == expected, account_id
        assert expected != UNASSIGNED or account_id in edited["homeless_owned"]
    homes = dict(
        warehouse.query(
            "select rep_id, home_region_code from marts.dim_rep where rep_id in "
            f"({_in_list(edited['homeless_users'])})"
        )
    )
    assert set(homes.values()) == {UNASSIGNED}


def test_unassigned_is_no_control_and_has_no_verdict(
    unmapped: tuple[Warehouse, dict[str, list[str]]],
) -> None:
    warehouse, _ = unmapped
    assert warehouse.query(
        "select is_live, is_unassigned from marts.dim_region where region_code = ?",
        [UNASSIGNED],
    ) == [(False, True)]
    assert (
        warehouse.scalar(
            "select count(*) from intermediate.int_rollout_windows where region_code = ?",
            [UNASSIGNED],
        )
        == 0
    )
    assert (
        warehouse.scalar(
            "select count(*) from marts.fct_kpi_before_after where region_code = ?", [UNASSIGNED]
        )
        == 0
    )
    controls = {
        row[0]
        for row in warehouse.query(
            "select distinct region_code from marts.fct_kpi_before_after "
            "where is_control_region and grain = 'region'"
        )
    }
    not_live = {
        row[0]
        for row in warehouse.query(
            "select region_code from marts.dim_region where not is_live and not is_unassigned"
        )
    }
    assert controls == not_live


def test_unknown_campaign_code_is_named_by_a_warning(
    unmapped: tuple[Warehouse, dict[str, list[str]]],
) -> None:
    warehouse, edited = unmapped
    # the build passed, so the test only warned; run the SQL it compiled to for its rows
    compiled = warehouse.compiled_test("assert_region_codes_match_region_mapping")
    findings = warehouse.query(
        "select file_name, column_name, record_key, region_code_given from ("
        + compiled
        + ") as findings order by record_key"
    )
    assert findings == [
        ("crm.campaign", "region_code_c", campaign_id, UNKNOWN_CODE)
        for campaign_id in sorted(edited["unknown"])
    ]


def test_unmapped_countries_are_named_by_a_warning(
    unmapped: tuple[Warehouse, dict[str, list[str]]],
) -> None:
    warehouse, edited = unmapped
    compiled = warehouse.compiled_test("assert_countries_in_region_mapping")
    findings = {
        (file_name, country_code): n_records
        for file_name, country_code, n_records in warehouse.query(
            "select file_name, country_code, n_records from (" + compiled + ") as f"
        )
    }
    staged_french_accounts = warehouse.scalar(
        "select count(*) from staging.stg_crm__accounts where billing_country_code = 'FR'"
    )
    assert 0 < staged_french_accounts <= len(edited["homeless_owned"] + edited["other_owned"])
    assert findings[("crm.account", "FR")] == staged_french_accounts
    assert findings[("crm.lead", "FR")] > 0
    # users without office have no country to map: not listed
    assert not any(file_name == "crm.user" for file_name, _ in findings)
