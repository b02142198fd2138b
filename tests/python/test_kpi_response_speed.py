"""response_speed family: recompute the first response time from staging and match the fact."""

from __future__ import annotations

import kpi_family_checks as kpi
import pytest
from conftest import Warehouse

FIRST_RESPONSE_HOURS = """
select
    avg((epoch(milestones.completed_at) - epoch(cases.created_at)) / 3600.0) as mean_hours,
    count(*) as n_cases
from staging.stg_crm__cases as cases
inner join staging.stg_crm__case_milestones as milestones
    on cases.case_id = milestones.case_id
left join staging.stg_crm__accounts as accounts on cases.account_id = accounts.account_id
left join staging.stg_crm__users as owners on cases.owner_user_id = owners.user_id
where
    milestones.milestone_type = 'first_response'
    and milestones.completed_at is not null
    and date_trunc('month', cases.created_at) = $month
    and cases.owner_user_id = $rep_id
    and coalesce(accounts.region_code, owners.region_code) = $region_code
"""


def test_avg_first_response_hours_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest_rep(warehouse, "avg_first_response_hours", month)
    mean_hours, n_cases = kpi.recompute(warehouse, FIRST_RESPONSE_HOURS, month, region_code, rep_id)
    _, denominator, value = kpi.fact_row(
        warehouse, "avg_first_response_hours", month, "rep", region_code, rep_id
    )
    assert denominator == n_cases
    assert value == pytest.approx(mean_hours)


def test_every_response_speed_kpi_has_rows_at_each_catalogue_grain(
    warehouse: Warehouse,
) -> None:
    assert kpi.missing_grains(warehouse, "response_speed") == []
