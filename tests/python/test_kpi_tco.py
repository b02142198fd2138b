"""tco family: recompute budget variance and cost per active user from staging."""

from __future__ import annotations

import kpi_family_checks as kpi
import pytest
from conftest import Warehouse

CUMULATIVE_COST_AND_BUDGET = """
select
    (
        select sum(amount_eur) from staging.stg_finance__crm_costs
        where booking_date <= last_day(cast(? as date))
    ) as cumulative_actual,
    (
        select sum(budget_eur) from staging.stg_finance__crm_budgets
        where budget_month <= cast(? as date)
    ) as cumulative_budget
"""

COST_AND_ACTIVE_USERS = """
select
    (
        select sum(amount_eur) from staging.stg_finance__crm_costs
        where date_trunc('month', booking_date) = ?
    ) as cost,
    (
        select count(distinct users.user_id)
        from staging.stg_crm__users as users
        inner join staging.stg_crm__login_history as logins on users.user_id = logins.user_id
        where
            users.is_active
            and users.has_crm_license
            and cast(users.created_at as date) <= last_day(cast(? as date))
            and logins.is_successful
            and date_trunc('month', logins.login_at) = ?
    ) as active_users
"""


def test_budget_variance_matches_staging(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    actual, budget = warehouse.query(CUMULATIVE_COST_AND_BUDGET, [month, month])[0]
    numerator, denominator, value = kpi.fact_row(
        warehouse, "crm_budget_variance_pct", month, "company"
    )
    assert numerator == pytest.approx(actual - budget)
    assert denominator == pytest.approx(budget)
    assert value == pytest.approx(100.0 * (actual - budget) / budget)


def test_cost_per_active_user_matches_staging(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    cost, active_users = warehouse.query(COST_AND_ACTIVE_USERS, [month, month, month])[0]
    numerator, denominator, value = kpi.fact_row(
        warehouse, "crm_cost_per_active_user_eur", month, "company"
    )
    assert numerator == pytest.approx(cost)
    assert denominator == active_users
    assert value == pytest.approx(cost / active_users)


def test_cost_per_active_user_counts_the_users_of_the_active_user_rate(
    warehouse: Warehouse,
) -> None:
    mismatches = warehouse.query(
        "select usage.period_month from marts.fct_kpi_monthly as usage"
        " inner join marts.fct_kpi_monthly as tco"
        " on usage.period_month = tco.period_month"
        " where usage.kpi_code = 'crm_active_user_rate' and usage.grain = 'company'"
        " and tco.kpi_code = 'crm_cost_per_active_user_eur' and tco.grain = 'company'"
        " and usage.numerator != tco.denominator"
    )
    assert mismatches == []


def test_every_tco_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "tco") == []
