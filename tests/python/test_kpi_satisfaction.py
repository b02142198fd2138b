"""satisfaction family: recompute NPS and the CSAT satisfied rate from staging."""

from __future__ import annotations

import kpi_family_checks as kpi
from conftest import Warehouse

# responses in the month of the rep's accounts: +1 for 9-10, 0 for 7-8, -1 for 0-6
NPS = """
select
    sum(case when responses.score >= 9 then 1 when responses.score >= 7 then 0 else -1 end),
    count(*)
from staging.stg_survey__nps_responses as responses
inner join staging.stg_crm__accounts as accounts on responses.account_id = accounts.account_id
left join staging.stg_crm__users as owners on accounts.owner_user_id = owners.user_id
where date_trunc('month', responses.responded_at) = $month
    and responses.score is not null
    and accounts.owner_user_id = $rep_id
    and coalesce(accounts.region_code, owners.region_code) = $region_code
"""

CSAT = """
select count(*) filter (where csat_score >= 4), count(*)
from staging.stg_crm__cases
where date_trunc('month', closed_at) = $month and csat_score is not null
"""


def test_nps_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest_rep(warehouse, "nps", month)
    points, responses = kpi.recompute(warehouse, NPS, month, region_code, rep_id)
    kpi.assert_share(warehouse, "nps", month, points, responses, "rep", region_code, rep_id)


def test_csat_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    satisfied, rated = kpi.recompute(warehouse, CSAT, month)
    kpi.assert_share(warehouse, "csat_satisfied_rate", month, satisfied, rated)


def test_every_satisfaction_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "satisfaction") == []
