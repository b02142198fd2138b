"""conversion family: recompute the win rate from staging and match fct_kpi_monthly."""

from __future__ import annotations

import kpi_family_checks as kpi
from conftest import Warehouse

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
    and date_trunc('month', opps.close_date) = $month
    and ($rep_id is null or opps.owner_user_id = $rep_id)
    and (
        $region_code is null
        or coalesce(accounts.region_code, leads.region_code, owners.region_code) = $region_code
    )
"""


def test_win_rate_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest_rep(warehouse, "win_rate", month)
    won, closed = kpi.recompute(warehouse, WIN_RATE, month, region_code, rep_id)
    kpi.assert_share(warehouse, "win_rate", month, won, closed, "rep", region_code, rep_id)


def test_win_rate_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    won, closed = kpi.recompute(warehouse, WIN_RATE, month)
    kpi.assert_share(warehouse, "win_rate", month, won, closed)


def test_every_conversion_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "conversion") == []
