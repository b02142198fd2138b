"""satisfaction family: recompute NPS and the CSAT satisfied rate from staging."""

from __future__ import annotations

import pytest
from conftest import Warehouse
from kpi_family_checks import busiest_rep, fact_row, latest_complete_month, missing_grains

# responses in the month of the rep's accounts: +1 for 9-10, 0 for 7-8, -1 for 0-6
NPS = """
select
    sum(case when responses.score >= 9 then 1 when responses.score >= 7 then 0 else -1 end),
    count(*)
from staging.stg_survey__nps_responses as responses
inner join staging.stg_crm__accounts as accounts on responses.account_id = accounts.account_id
left join staging.stg_crm__users as owners on accounts.owner_user_id = owners.user_id
where date_trunc('month', responses.responded_at) = ?
    and responses.score is not null
    and accounts.owner_user_id = ?
    and coalesce(accounts.region_code, owners.region_code) = ?
"""

CSAT = """
select count(*) filter (where csat_score >= 4), count(*)
from staging.stg_crm__cases
where date_trunc('month', closed_at) = ? and csat_score is not null
"""


def test_nps_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = latest_complete_month(warehouse)
    region_code, rep_id = busiest_rep(warehouse, "nps", month)
    points, responses = warehouse.query(NPS, [month, rep_id, region_code])[0]
    numerator, denominator, value = fact_row(warehouse, "nps", month, "rep", region_code, rep_id)
    assert (numerator, denominator) == (points, responses)
    assert value == pytest.approx(100.0 * points / responses)


def test_csat_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = latest_complete_month(warehouse)
    satisfied, rated = warehouse.query(CSAT, [month])[0]
    numerator, denominator, value = fact_row(warehouse, "csat_satisfied_rate", month, "company")
    assert (numerator, denominator) == (satisfied, rated)
    assert value == pytest.approx(100.0 * satisfied / rated)


def test_every_satisfaction_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert missing_grains(warehouse, "satisfaction") == []
