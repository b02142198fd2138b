"""pipeline family: recompute the open pipeline at a month end from staging, match the fact."""

from __future__ import annotations

import pytest
from conftest import Warehouse
from kpi_family_checks import fact_row, latest_complete_month, missing_grains

# Open at EOM: created on/before EOM and the last history state on or before EOM is not
# closed; a deal whose current record is closed by EOM but whose history stops before its
# close_date (closing row missing) is closed. Region: account's, else lead's, else owner's.
OPEN_PIPELINE = """
with

month_end as (select last_day(cast(? as date)) as eom),

last_state as (
    select history.opportunity_id, history.changed_at, history.amount,
        history.currency_iso_code, history.is_closed_stage
    from staging.stg_crm__opportunity_history as history
    cross join month_end
    where cast(history.changed_at as date) <= month_end.eom
    qualify row_number() over (
        partition by history.opportunity_id
        order by history.changed_at desc, history.opportunity_history_id desc
    ) = 1
)

select
    count(*) as open_count,
    sum(last_state.amount * fx.eur_per_unit) as open_value_eur
from last_state
cross join month_end
inner join staging.stg_crm__opportunities as opps
    on last_state.opportunity_id = opps.opportunity_id
left join staging.stg_crm__accounts as accounts on opps.account_id = accounts.account_id
left join staging.stg_crm__leads as leads on opps.lead_id = leads.lead_id
left join staging.stg_crm__users as owners on opps.owner_user_id = owners.user_id
inner join staging.stg_reference__fx_rates_monthly as fx
    on fx.currency_iso_code = last_state.currency_iso_code
    and fx.rate_month = date_trunc('month', month_end.eom)
where
    cast(opps.created_at as date) <= month_end.eom
    and not last_state.is_closed_stage
    and not (
        opps.is_closed
        and opps.close_date <= month_end.eom
        and cast(last_state.changed_at as date) < opps.close_date
    )
    and (? is null or opps.owner_user_id = ?)
    and (? is null or coalesce(accounts.region_code, leads.region_code, owners.region_code) = ?)
"""


def _recompute(
    warehouse: Warehouse, month: object, region_code: str | None, rep_id: str | None
) -> tuple[int, float]:
    return warehouse.query(OPEN_PIPELINE, [month, rep_id, rep_id, region_code, region_code])[0]


def _largest_pipeline_rep(warehouse: Warehouse, month: object) -> tuple[str, str]:
    rows = warehouse.query(
        "select region_code, rep_id from marts.fct_kpi_monthly"
        " where kpi_code = 'pipeline_open_count' and period_month = ? and grain = 'rep'"
        " order by numerator desc, rep_id limit 1",
        [month],
    )
    assert rows, f"no rep row of pipeline_open_count in {month}"
    return rows[0]


def test_open_pipeline_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = latest_complete_month(warehouse)
    region_code, rep_id = _largest_pipeline_rep(warehouse, month)
    open_count, open_value_eur = _recompute(warehouse, month, region_code, rep_id)
    count_value = fact_row(warehouse, "pipeline_open_count", month, "rep", region_code, rep_id)[2]
    value_eur = fact_row(warehouse, "pipeline_open_value_eur", month, "rep", region_code, rep_id)[2]
    assert count_value == open_count
    assert value_eur == pytest.approx(open_value_eur)


def test_open_pipeline_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = latest_complete_month(warehouse)
    open_count, open_value_eur = _recompute(warehouse, month, None, None)
    assert fact_row(warehouse, "pipeline_open_count", month, "company")[2] == open_count
    assert fact_row(warehouse, "pipeline_open_value_eur", month, "company")[2] == pytest.approx(
        open_value_eur
    )


def test_every_pipeline_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert missing_grains(warehouse, "pipeline") == []
