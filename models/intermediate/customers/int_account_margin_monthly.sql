{#- Net revenue, cost and contribution margin per account and invoice month, in EUR at the
    rate of the invoice month (staging converts there). Credit notes are negative in staging,
    so they reduce net revenue and cost in the month they are issued. Sparse: a row only for
    months with at least one invoice or credit note. -#}
with

invoices as (

    select * from {{ ref('stg_erp__invoices') }}

),

final as (

    select
        account_id,
        cast(date_trunc('month', invoice_date) as date) as period_month,
        count(*) as invoice_count,
        count(*) filter (where is_credit_note) as credit_note_count,
        sum(net_amount_eur) as net_revenue_eur,
        sum(coalesce(cost_amount_eur, 0)) as cost_eur,
        sum(net_amount_eur) - sum(coalesce(cost_amount_eur, 0)) as contribution_margin_eur
    from invoices
    where account_id is not null
    group by
        account_id,
        cast(date_trunc('month', invoice_date) as date)

)

select * from final
