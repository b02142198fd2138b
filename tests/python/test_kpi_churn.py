"""churn family: recompute logo and revenue churn from the staged contracts."""

from __future__ import annotations

import kpi_family_checks as kpi
import pytest
from conftest import Warehouse

# per account: active at the previous EOM / at EOM (a covering contract) and the MRR at the
# previous EOM in EUR at the previous month's rate; owner and region as in the KPI facts
CHURN = """
with month_ends as (
    select
        cast(cast($month as date) - interval 1 day as date) as prev_eom,
        last_day(cast($month as date)) as eom
),
contracts as (
    select account_id, start_date, end_date, mrr, currency_iso_code
    from staging.stg_crm__contracts
    where contract_status != 'draft' and (end_date is null or end_date >= start_date)
),
prev_state as (
    select contracts.account_id, sum(contracts.mrr * fx.eur_per_unit) as prev_mrr_eur
    from contracts
    cross join month_ends
    inner join staging.stg_reference__fx_rates_monthly as fx
        on contracts.currency_iso_code = fx.currency_iso_code
        and fx.rate_month = date_trunc('month', month_ends.prev_eom)
    where contracts.start_date <= month_ends.prev_eom
        and (contracts.end_date is null or contracts.end_date >= month_ends.prev_eom)
    group by contracts.account_id
),
now_active as (
    select distinct contracts.account_id
    from contracts
    cross join month_ends
    where contracts.start_date <= month_ends.eom
        and (contracts.end_date is null or contracts.end_date >= month_ends.eom)
)
select
    count(*) filter (where now_active.account_id is null) as churned,
    count(*) as base,
    coalesce(sum(prev_state.prev_mrr_eur) filter (where now_active.account_id is null), 0)
        as lost_mrr_eur,
    sum(prev_state.prev_mrr_eur) as base_mrr_eur
from prev_state
inner join staging.stg_crm__accounts as accounts on prev_state.account_id = accounts.account_id
left join staging.stg_crm__users as owners on accounts.owner_user_id = owners.user_id
left join now_active on prev_state.account_id = now_active.account_id
where ($rep_id is null or accounts.owner_user_id = $rep_id)
    and ($region_code is null or coalesce(accounts.region_code, owners.region_code) = $region_code)
"""


def test_logo_churn_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest_rep(warehouse, "logo_churn_rate", month)
    churned, base, _, _ = kpi.recompute(warehouse, CHURN, month, region_code, rep_id)
    kpi.assert_share(warehouse, "logo_churn_rate", month, churned, base, "rep", region_code, rep_id)


def test_revenue_churn_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    churned, base, lost_mrr_eur, base_mrr_eur = kpi.recompute(warehouse, CHURN, month)
    numerator, denominator, value = kpi.fact_row(warehouse, "revenue_churn_rate", month, "company")
    assert numerator == pytest.approx(lost_mrr_eur)
    assert denominator == pytest.approx(base_mrr_eur)
    assert value == pytest.approx(100.0 * lost_mrr_eur / base_mrr_eur)
    churned_count, _, _ = kpi.fact_row(warehouse, "churned_customers", month, "company")
    assert churned_count == churned


def test_churn_reasons_add_up_to_churned_customers(warehouse: Warehouse) -> None:
    off = warehouse.query(
        "select facts.period_month, facts.region_code, facts.numerator, reasons.accounts"
        " from (select period_month, region_code, numerator from marts.fct_kpi_monthly"
        "   where kpi_code = 'churned_customers' and grain = 'region') as facts"
        " full join (select period_month, region_code, sum(churned_account_count) as accounts"
        "   from marts.fct_churn_reasons group by all) as reasons"
        " on facts.period_month = reasons.period_month"
        " and facts.region_code = reasons.region_code"
        " where coalesce(facts.numerator, 0) != coalesce(reasons.accounts, 0)"
    )
    assert off == []


def test_every_churn_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "churn") == []
