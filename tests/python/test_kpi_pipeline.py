"""pipeline family: recompute the open pipeline at a month end from staging, match the fact."""

from __future__ import annotations

import kpi_family_checks as kpi
import pytest
from conftest import Warehouse

# Open at EOM: created on/before EOM and the last history state on or before EOM is not
# closed; a deal whose current record is closed by EOM but whose history stops before its
# close_date (closing row missing) is closed. Region: account's, else lead's, else owner's.
OPEN_PIPELINE = """
with

month_end as (select last_day(cast($month as date)) as eom),

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
    and ($rep_id is null or opps.owner_user_id = $rep_id)
    and (
        $region_code is null
        or coalesce(accounts.region_code, leads.region_code, owners.region_code) = $region_code
    )
"""


def test_open_pipeline_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest(warehouse, "pipeline_open_count", month, by="numerator")
    open_count, open_value_eur = kpi.recompute(warehouse, OPEN_PIPELINE, month, region_code, rep_id)
    count_value = kpi.fact_row(warehouse, "pipeline_open_count", month, "rep", region_code, rep_id)[
        2
    ]
    value_eur = kpi.fact_row(
        warehouse, "pipeline_open_value_eur", month, "rep", region_code, rep_id
    )[2]
    assert count_value == open_count
    assert value_eur == pytest.approx(open_value_eur)


def test_open_pipeline_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    open_count, open_value_eur = kpi.recompute(warehouse, OPEN_PIPELINE, month)
    assert kpi.fact_row(warehouse, "pipeline_open_count", month, "company")[2] == open_count
    assert kpi.fact_row(warehouse, "pipeline_open_value_eur", month, "company")[2] == pytest.approx(
        open_value_eur
    )


def test_every_pipeline_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "pipeline") == []
