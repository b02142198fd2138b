"""retention family: recompute the retention rate and cost to serve from staging."""

from __future__ import annotations

import kpi_family_checks as kpi
import pytest
from conftest import Warehouse

# an account is a customer at a date when a contract (not draft, not ending before it starts)
# covers it; facts belong to the account owner and the account's region (else the owner's)
RETENTION = """
with month_ends as (
    select cast($month as date) - interval 1 day as prev_eom, last_day(cast($month as date)) as eom
),
contracts as (
    select account_id, start_date, end_date
    from staging.stg_crm__contracts
    where contract_status != 'draft' and (end_date is null or end_date >= start_date)
),
statuses as (
    select
        accounts.account_id,
        accounts.owner_user_id,
        coalesce(accounts.region_code, owners.region_code) as region_code,
        exists (
            select 1 from contracts
            where contracts.account_id = accounts.account_id
            and contracts.start_date <= month_ends.prev_eom
            and (contracts.end_date is null or contracts.end_date >= month_ends.prev_eom)
        ) as was_active,
        exists (
            select 1 from contracts
            where contracts.account_id = accounts.account_id
            and contracts.start_date <= month_ends.eom
            and (contracts.end_date is null or contracts.end_date >= month_ends.eom)
        ) as is_active
    from staging.stg_crm__accounts as accounts
    left join staging.stg_crm__users as owners on accounts.owner_user_id = owners.user_id
    cross join month_ends
)
select count(*) filter (where is_active), count(*)
from statuses
where was_active and owner_user_id = $rep_id and region_code = $region_code
"""

SERVICE_COST = """
select sum(amount_eur)
from staging.stg_erp__service_costs as costs
inner join staging.stg_crm__accounts as accounts on costs.account_id = accounts.account_id
where date_trunc('month', costs.cost_date) = ?
"""


def test_retention_rate_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest_rep(warehouse, "customer_retention_rate", month)
    retained, base = kpi.recompute(warehouse, RETENTION, month, region_code, rep_id)
    kpi.assert_share(
        warehouse, "customer_retention_rate", month, retained, base, "rep", region_code, rep_id
    )


def test_service_cost_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    expected = warehouse.scalar(SERVICE_COST, [month])
    numerator, denominator, value = kpi.fact_row(warehouse, "service_cost_eur", month, "company")
    assert numerator == pytest.approx(expected)
    assert denominator is None
    assert value == pytest.approx(expected)


def test_every_retention_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "retention") == []
