{#- Payment state of every invoice and credit note. Payments are in the invoice's currency,
    so they are summed in that currency against gross_amount; an invoice is fully paid on
    the day the cumulative payments first reach its gross amount (several partial payments
    may lead there; a cent of rounding is tolerated). Credit notes carry is_credit_note and
    no payment state: they are excluded from the payment KPIs. -#}
with

invoices as (

    select * from {{ ref('stg_erp__invoices') }}

),

payments as (

    select * from {{ ref('stg_erp__payments') }}

),

daily_payments as (

    select
        invoice_id,
        payment_date,
        sum(amount) as paid_amount
    from payments
    group by
        invoice_id,
        payment_date

),

cumulative_payments as (

    select
        invoice_id,
        payment_date,
        sum(paid_amount) over (
            partition by invoice_id
            order by payment_date
            rows between unbounded preceding and current row
        ) as cumulative_paid_amount
    from daily_payments

),

invoice_payments as (

    select
        invoices.invoice_id,
        max(cumulative_payments.cumulative_paid_amount) as paid_amount,
        min(cumulative_payments.payment_date) filter (
            where cumulative_payments.cumulative_paid_amount >= invoices.gross_amount - 0.005
        ) as fully_paid_date
    from invoices
    inner join cumulative_payments
        on invoices.invoice_id = cumulative_payments.invoice_id
    where not invoices.is_credit_note
    group by invoices.invoice_id

),

final as (

    select
        invoices.invoice_id,
        invoices.account_id,
        invoices.opportunity_id,
        invoices.invoice_date,
        invoices.due_date,
        invoices.currency_iso_code,
        invoices.gross_amount,
        invoices.is_credit_note,
        invoice_payments.fully_paid_date,
        case
            when not invoices.is_credit_note then coalesce(invoice_payments.paid_amount, 0)
        end as paid_amount,
        case
            when not invoices.is_credit_note then invoice_payments.fully_paid_date is not null
        end as is_fully_paid,
        case
            when not invoices.is_credit_note
                then coalesce(invoice_payments.fully_paid_date <= invoices.due_date, false)
        end as is_paid_by_due_date,
        date_diff('day', invoices.invoice_date, invoice_payments.fully_paid_date)
            as days_to_payment
    from invoices
    left join invoice_payments
        on invoices.invoice_id = invoice_payments.invoice_id

)

select * from final
