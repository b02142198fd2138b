"""sla family: recompute First Response compliance from staging and match fct_kpi_monthly."""

from __future__ import annotations

import kpi_family_checks as kpi
import pytest
from conftest import Warehouse

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
    and date_trunc('month', milestones.target_at) = $month
    and ($rep_id is null or cases.owner_user_id = $rep_id)
    and ($region_code is null or coalesce(accounts.region_code, owners.region_code) = $region_code)
"""


def test_first_response_compliance_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    # a complete month: every target lies before the as-of date, so none is pending
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest_rep(warehouse, "sla_first_response_compliance", month)
    met, due = kpi.recompute(warehouse, FIRST_RESPONSE_COMPLIANCE, month, region_code, rep_id)
    kpi.assert_share(
        warehouse, "sla_first_response_compliance", month, met, due, "rep", region_code, rep_id
    )


def test_first_response_compliance_matches_staging_for_the_company(
    warehouse: Warehouse,
) -> None:
    month = kpi.latest_complete_month(warehouse)
    met, due = kpi.recompute(warehouse, FIRST_RESPONSE_COMPLIANCE, month)
    _, denominator, value = kpi.fact_row(
        warehouse, "sla_first_response_compliance", month, "company"
    )
    assert denominator == due
    assert value == pytest.approx(100.0 * met / due)


def test_every_sla_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "sla") == []
