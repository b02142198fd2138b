"""payments family: recompute days to payment and on-time payment from the ERP staging."""

from __future__ import annotations

import kpi_family_checks as kpi
from conftest import Warehouse

# fully paid = the first day the running sum of payments reaches the gross amount
PAID_INVOICES = """
with running as (
    select
        payments.invoice_id,
        payments.payment_date,
        sum(payments.amount) over (
            partition by payments.invoice_id order by payments.payment_date
            range between unbounded preceding and current row
        ) as paid_so_far
    from staging.stg_erp__payments as payments
),
invoices as (
    select
        invoices.invoice_id,
        invoices.invoice_date,
        invoices.due_date,
        accounts.owner_user_id,
        coalesce(accounts.region_code, owners.region_code) as region_code,
        (
            select min(running.payment_date) from running
            where running.invoice_id = invoices.invoice_id
            and running.paid_so_far >= invoices.gross_amount - 0.005
        ) as fully_paid_date
    from staging.stg_erp__invoices as invoices
    inner join staging.stg_crm__accounts as accounts on invoices.account_id = accounts.account_id
    left join staging.stg_crm__users as owners on accounts.owner_user_id = owners.user_id
    where not invoices.is_credit_note
)
select * from invoices where (? is null or owner_user_id = ?) and (? is null or region_code = ?)
"""


def _invoices(warehouse: Warehouse, region_code: str | None, rep_id: str | None) -> list[tuple]:
    return warehouse.query(PAID_INVOICES, [rep_id, rep_id, region_code, region_code])


def test_days_to_payment_matches_staging_for_a_rep(warehouse: Warehouse) -> None:
    month = kpi.latest_complete_month(warehouse)
    region_code, rep_id = kpi.busiest_rep(warehouse, "avg_days_to_payment", month)
    days = [
        (paid - invoiced).days
        for _, invoiced, _, _, _, paid in _invoices(warehouse, region_code, rep_id)
        if paid is not None and (paid.year, paid.month) == (month.year, month.month)
    ]
    kpi.assert_share(
        warehouse,
        "avg_days_to_payment",
        month,
        sum(days),
        len(days),
        "rep",
        region_code,
        rep_id,
        1.0,
    )


def test_on_time_payment_matches_staging_for_the_company(warehouse: Warehouse) -> None:
    # a complete month: every due date lies before the as-of date, so every outcome is known
    month = kpi.latest_complete_month(warehouse)
    outcomes = [
        paid is not None and paid <= due
        for _, _, due, _, _, paid in _invoices(warehouse, None, None)
        if (due.year, due.month) == (month.year, month.month)
    ]
    kpi.assert_share(warehouse, "on_time_payment_rate", month, sum(outcomes), len(outcomes))


def test_every_payments_kpi_has_rows_at_each_catalogue_grain(warehouse: Warehouse) -> None:
    assert kpi.missing_grains(warehouse, "payments") == []
