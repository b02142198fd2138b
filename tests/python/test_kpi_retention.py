"""retention family: recompute the retention rate and cost to serve from staging."""

from __future__ import annotations

import pytest
from conftest import Warehouse
from kpi_family_checks import busiest_rep, fact_row, latest_complete_month, missing_grains

# an account is a customer at a date when a contract (not draft, not ending before it starts)
# covers it; facts belong to the account owner and the account's region (else the owner's)
RETENTION = """
with month_ends as (
    select cast(? as date) - interval 1 day as prev_eom, last_day(cast(? as date)) as eom
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
where was_active and owner_user_id = ? and region_code = ?
"""

SERVICE_COST = """
select sum(amount_eur)
from staging.stg_erp__service_costs as costs
inner join staging.stg_crm__accounts as accounts on costs.account_id = accounts.account_id
where date_trunc('month', costs.cost_date) = ?
"""


def test_retention_rate_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = latest_complete_month(warehouse)
    region_code, rep_id = busiest_rep(warehouse, "customer_retention_rate", month)
    retained, base = warehouse.query(RETENTION, [month, month, rep_id, region_code])[0]
    numerator, denominator, value = fact_row(
        warehouse, "customer_retention_rate", month, "rep", region_code, rep_id
    )
    assert (numerator, denominator) == (retained, base)
    assert value == pytest.approx(100.0 * retained / base)


def test_service_cost_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = latest_complete_month(warehouse)
    expected = warehouse.scalar(SERVICE_COST, [month])
    numerator, denominator, value = fact_row(warehouse, "service_cost_eur", month, "company")
    assert numerator == pytest.approx(expected)
    assert denominator is None
    assert value == pytest.approx(expected)


def test_every_retention_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert missing_grains(warehouse, "retention") == []
