"""new_business family: recompute new customers from staging and match fct_kpi_monthly."""

from __future__ import annotations

import kpi_family_checks as kpi
from conftest import Warehouse

# accounts whose first-ever won opportunity (earliest close_date, then creation day, then id)
# closes in the month; rep = owner of that opportunity, region = its record's region
NEW_CUSTOMERS = """
with first_won as (
    select opps.account_id, opps.close_date, opps.owner_user_id,
        coalesce(accounts.region_code, leads.region_code, owners.region_code) as region_code
    from staging.stg_crm__opportunities as opps
    left join staging.stg_crm__accounts as accounts on opps.account_id = accounts.account_id
    left join staging.stg_crm__leads as leads on opps.lead_id = leads.lead_id
    left join staging.stg_crm__users as owners on opps.owner_user_id = owners.user_id
    where opps.is_won and opps.account_id is not null
    qualify row_number() over (
        partition by opps.account_id
        order by opps.close_date, cast(opps.created_at as date), opps.opportunity_id
    ) = 1
)
select count(*) from first_won
where
    date_trunc('month', close_date) = $month
    and ($rep_id is null or owner_user_id = $rep_id)
    and ($region_code is null or region_code = $region_code)
"""


def test_new_customers_match_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest(warehouse, "new_customers", month, by="numerator")
    (expected,) = kpi.recompute(warehouse, NEW_CUSTOMERS, month, region_code, rep_id)
    assert (
        kpi.fact_row(warehouse, "new_customers", month, "rep", region_code, rep_id)[2] == expected
    )


def test_new_customers_match_staging_for_the_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    (expected,) = kpi.recompute(warehouse, NEW_CUSTOMERS, month)
    assert expected > 0
    assert kpi.fact_row(warehouse, "new_customers", month, "company")[2] == expected


def test_every_new_business_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "new_business") == []
