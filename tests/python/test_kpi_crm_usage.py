"""crm_usage family: recompute login days and the active-user rate from staging."""

from __future__ import annotations

import kpi_family_checks as kpi
from conftest import Warehouse

# licensed users of a month: active, with a CRM licence, created on/before the month end
LICENSED_USER_LOGIN_DAYS = """
select
    users.user_id,
    users.region_code,
    count(distinct cast(logins.login_at as date)) as login_days
from staging.stg_crm__users as users
left join staging.stg_crm__login_history as logins
    on
        users.user_id = logins.user_id
        and logins.is_successful
        and date_trunc('month', logins.login_at) = ?
where
    users.is_active
    and users.has_crm_license
    and cast(users.created_at as date) <= last_day(cast(? as date))
group by users.user_id, users.region_code
"""


def _licensed(warehouse: Warehouse, month: object) -> list[tuple[str, str, int]]:
    return warehouse.query(LICENSED_USER_LOGIN_DAYS, [month, month])


def test_login_days_match_staging_for_a_user(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    user_id, region_code, login_days = max(_licensed(warehouse, month), key=lambda r: r[2])
    kpi.assert_share(
        warehouse, "crm_login_days_per_user", month, login_days, 1, "rep", region_code, user_id, 1.0
    )


def test_active_user_rate_matches_staging_for_each_region(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    licensed = _licensed(warehouse, month)
    for region_code in {row[1] for row in licensed}:
        users = [row for row in licensed if row[1] == region_code]
        active = sum(1 for row in users if row[2] > 0)
        kpi.assert_share(
            warehouse, "crm_active_user_rate", month, active, len(users), "region", region_code
        )


def test_every_crm_usage_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "crm_usage") == []
