"""lead_quality family: recompute the lead KPIs from staging and match fct_kpi_monthly."""

from __future__ import annotations

import kpi_family_checks as kpi
import pytest
from conftest import Warehouse

# decided = converted_date or disqualified_date; a lead with both counts as converted on its
# converted_date; region: the lead's, else the owner's home region (sources.md)
DECIDED_LEADS = """
with decided as (
    select
        leads.lead_id,
        leads.owner_user_id,
        coalesce(leads.region_code, owners.region_code) as region_code,
        leads.converted_date is not null as is_converted,
        coalesce(leads.converted_date, leads.disqualified_date) as decision_date,
        leads.converted_date - cast(leads.created_at as date) as conversion_days
    from staging.stg_crm__leads as leads
    left join staging.stg_crm__users as owners on leads.owner_user_id = owners.user_id
    where leads.converted_date is not null or leads.disqualified_date is not null
)
select
    count(*) filter (where is_converted) as converted,
    count(*) as decided,
    sum(conversion_days) filter (where is_converted) as conversion_days
from decided
where
    date_trunc('month', decision_date) = $month
    and ($rep_id is null or owner_user_id = $rep_id)
    and ($region_code is null or region_code = $region_code)
"""


def test_lead_qualification_rate_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest_rep(warehouse, "lead_qualification_rate", month)
    converted, decided, _ = kpi.recompute(warehouse, DECIDED_LEADS, month, region_code, rep_id)
    kpi.assert_share(
        warehouse, "lead_qualification_rate", month, converted, decided, "rep", region_code, rep_id
    )


def test_lead_kpis_match_staging_for_the_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    converted, decided, conversion_days = kpi.recompute(warehouse, DECIDED_LEADS, month)
    _, denominator, value = kpi.fact_row(warehouse, "lead_qualification_rate", month, "company")
    assert denominator == decided
    assert value == pytest.approx(100.0 * converted / decided)
    kpi.assert_share(
        warehouse, "avg_lead_conversion_days", month, conversion_days, converted, scale=1.0
    )


def test_undecided_leads_are_never_counted(warehouse: Warehouse) -> None:
    decided_in_fact = warehouse.scalar(
        "select sum(denominator) from marts.fct_kpi_monthly"
        " where kpi_code = 'lead_qualification_rate' and grain = 'company'"
    )
    # the fact publishes complete months only (docs/complete_months.md)
    decided_in_staging = warehouse.scalar(
        "select count(*) from staging.stg_crm__leads"
        " where (converted_date is not null or disqualified_date is not null)"
        " and date_trunc('month', coalesce(converted_date, disqualified_date)) <= ?",
        [kpi.latest_complete_month(warehouse)],
    )
    assert decided_in_fact == decided_in_staging


def test_every_lead_quality_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "lead_quality") == []
