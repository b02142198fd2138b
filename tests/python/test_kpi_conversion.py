"""conversion family: recompute the win rate from staging and match fct_kpi_monthly."""

from __future__ import annotations

import pytest
from conftest import Warehouse
from kpi_family_checks import busiest_rep, fact_row, latest_complete_month, missing_grains

# opportunities closed in the month (close_date), share won; rep = opportunity owner,
# region = the account's, else the converted lead's, else the owner's home region
WIN_RATE = """
select
    count(*) filter (where opps.is_won) as won,
    count(*) as closed
from staging.stg_crm__opportunities as opps
left join staging.stg_crm__accounts as accounts on opps.account_id = accounts.account_id
left join staging.stg_crm__leads as leads on opps.lead_id = leads.lead_id
left join staging.stg_crm__users as owners on opps.owner_user_id = owners.user_id
where
    opps.is_closed
    and date_trunc('month', opps.close_date) = ?
    and (? is null or opps.owner_user_id = ?)
    and (? is null or coalesce(accounts.region_code, leads.region_code, owners.region_code) = ?)
"""


def _recompute(
    warehouse: Warehouse, month: object, region_code: str | None, rep_id: str | None
) -> tuple[int, int]:
    return warehouse.query(WIN_RATE, [month, rep_id, rep_id, region_code, region_code])[0]


def test_win_rate_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = latest_complete_month(warehouse)
    region_code, rep_id = busiest_rep(warehouse, "win_rate", month)
    won, closed = _recompute(warehouse, month, region_code, rep_id)
    numerator, denominator, value = fact_row(
        warehouse, "win_rate", month, "rep", region_code, rep_id
    )
    assert (numerator, denominator) == (won, closed)
    assert value == pytest.approx(100.0 * won / closed)


def test_win_rate_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = latest_complete_month(warehouse)
    won, closed = _recompute(warehouse, month, None, None)
    numerator, denominator, value = fact_row(warehouse, "win_rate", month, "company")
    assert (numerator, denominator) == (won, closed)
    assert value == pytest.approx(100.0 * won / closed)


def test_every_conversion_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert missing_grains(warehouse, "conversion") == []
