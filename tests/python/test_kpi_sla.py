"""sla family: recompute First Response compliance from staging and match fct_kpi_monthly."""

from __future__ import annotations

import pytest
from conftest import Warehouse
from kpi_family_checks import busiest_rep, fact_row, latest_complete_month, missing_grains

# the case's region: its account's, else the case owner's home region (sources.md)
FIRST_RESPONSE_COMPLIANCE = """
select
    count(*) filter (where milestones.completed_at <= milestones.target_at) as met,
    count(*) as due
from staging.stg_crm__case_milestones as milestones
inner join staging.stg_crm__cases as cases on milestones.case_id = cases.case_id
left join staging.stg_crm__accounts as accounts on cases.account_id = accounts.account_id
left join staging.stg_crm__users as owners on cases.owner_user_id = owners.user_id
where
    milestones.milestone_type = 'first_response'
    and date_trunc('month', milestones.target_at) = ?
    and (? is null or cases.owner_user_id = ?)
    and (? is null or coalesce(accounts.region_code, owners.region_code) = ?)
"""


def _recompute(
    warehouse: Warehouse, month: object, region_code: str | None, rep_id: str | None
) -> tuple[int, int]:
    return warehouse.query(
        FIRST_RESPONSE_COMPLIANCE, [month, rep_id, rep_id, region_code, region_code]
    )[0]


def test_first_response_compliance_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    # a complete month: every target lies before the as-of date, so none is pending
    month = latest_complete_month(warehouse)
    region_code, rep_id = busiest_rep(warehouse, "sla_first_response_compliance", month)
    met, due = _recompute(warehouse, month, region_code, rep_id)
    numerator, denominator, value = fact_row(
        warehouse, "sla_first_response_compliance", month, "rep", region_code, rep_id
    )
    assert (numerator, denominator) == (met, due)
    assert value == pytest.approx(100.0 * met / due)


def test_first_response_compliance_matches_staging_for_the_company(
    warehouse: Warehouse,
) -> None:
    month = latest_complete_month(warehouse)
    met, due = _recompute(warehouse, month, None, None)
    _, denominator, value = fact_row(warehouse, "sla_first_response_compliance", month, "company")
    assert denominator == due
    assert value == pytest.approx(100.0 * met / due)


def test_every_sla_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert missing_grains(warehouse, "sla") == []
