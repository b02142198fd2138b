"""campaigns family: recompute cost per response and response rate from staging.

The family has no rep grain (kpis.md: region and company), so the sample is a region.
"""

from __future__ import annotations

import kpi_family_checks as kpi
import pytest
from conftest import Warehouse

# actual cost spread evenly over the campaign's days (start..end inclusive), the month's share
# converted at that month's rate; responses = members whose first response is in the month
COST_AND_RESPONSES = """
with spread as (
    select
        campaigns.region_code,
        campaigns.actual_cost
        * (least(campaigns.end_date, last_day(cast(? as date)))
           - greatest(campaigns.start_date, cast(? as date)) + 1)
        / (campaigns.end_date - campaigns.start_date + 1)
        * fx.eur_per_unit as cost_eur
    from staging.stg_crm__campaigns as campaigns
    inner join staging.stg_reference__fx_rates_monthly as fx
        on campaigns.currency_iso_code = fx.currency_iso_code and fx.rate_month = ?
    where campaigns.start_date <= last_day(cast(? as date)) and campaigns.end_date >= ?
),
responses as (
    select campaigns.region_code
    from staging.stg_crm__campaign_members as members
    inner join staging.stg_crm__campaigns as campaigns
        on members.campaign_id = campaigns.campaign_id
    where date_trunc('month', members.first_responded_date) = ?
)
select
    (select sum(cost_eur) from spread where ? is null or region_code = ?) as cost_eur,
    (select count(*) from responses where ? is null or region_code = ?) as responses
"""

RESPONSE_RATE = """
select
    count(*) filter (where members.has_responded or members.first_responded_date is not null),
    count(*)
from staging.stg_crm__campaign_members as members
-- members of a campaign that is not staged (deleted, quarantined) are not counted
inner join staging.stg_crm__campaigns as campaigns on members.campaign_id = campaigns.campaign_id
where date_trunc('month', members.contacted_at) = $month
"""


def _cost_and_responses(
    warehouse: Warehouse, month: object, region_code: str | None
) -> tuple[float, int]:
    params = [month, month, month, month, month, month, region_code, region_code]
    return warehouse.query(COST_AND_RESPONSES, params + [region_code, region_code])[0]


def test_cost_per_response_matches_staging_for_a_region(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, _ = kpi.busiest(warehouse, "campaign_cost_per_response_eur", month, "region")
    cost_eur, responses = _cost_and_responses(warehouse, month, region_code)
    numerator, denominator, value = kpi.fact_row(
        warehouse, "campaign_cost_per_response_eur", month, "region", region_code
    )
    assert numerator == pytest.approx(cost_eur)
    assert denominator == responses
    assert value == pytest.approx(cost_eur / responses)


def test_cost_per_response_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    cost_eur, responses = _cost_and_responses(warehouse, month, None)
    numerator, denominator, _ = kpi.fact_row(
        warehouse, "campaign_cost_per_response_eur", month, "company"
    )
    assert numerator == pytest.approx(cost_eur)
    assert denominator == responses


def test_response_rate_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    responded, contacted = kpi.recompute(warehouse, RESPONSE_RATE, month)
    kpi.assert_share(warehouse, "campaign_response_rate", month, responded, contacted)


def test_campaign_costs_add_up_to_actual_cost(warehouse: Warehouse) -> None:
    # spreading loses nothing: each campaign's month shares sum to its actual cost
    off = warehouse.scalar(
        "select count(*) from staging.stg_crm__campaigns as campaigns"
        " inner join (select campaign_id, sum(actual_cost) as spread_cost"
        " from intermediate.int_campaign_costs_monthly group by campaign_id) as spread"
        " on campaigns.campaign_id = spread.campaign_id"
        " where abs(spread.spread_cost - campaigns.actual_cost) > 1e-6"
    )
    assert off == 0


def test_campaign_kpis_have_no_rep_rows(warehouse: Warehouse) -> None:
    assert (
        warehouse.scalar(
            "select count(*) from marts.fct_kpi_monthly as facts"
            " inner join marts.dim_kpi as kpis on facts.kpi_code = kpis.kpi_code"
            " where kpis.family = 'campaigns' and facts.grain = 'rep'"
        )
        == 0
    )


def test_every_campaigns_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "campaigns") == []
