{#- Staged invoices and credit notes. Credit-note amounts are forced negative (-abs()), whatever
    sign the ERP exported, so that summing net_amount gives net revenue. -#}
with

base as (

    select * from {{ ref('base_erp__invoices') }}

),

signed as (

    select
        invoice_id,
        account_id,
        opportunity_id,
        invoice_date,
        due_date,
        currency_iso_code,
        is_credit_note,
        case when is_credit_note then -abs(net_amount) else net_amount end as net_amount,
        case when is_credit_note then -abs(tax_amount) else tax_amount end as tax_amount,
        case when is_credit_note then -abs(gross_amount) else gross_amount end as gross_amount,
        case when is_credit_note then -abs(cost_amount) else cost_amount end as cost_amount
    from base
    where row_disposition = 'staged'

),

final as (

    select
        signed.invoice_id,
        signed.account_id,
        signed.opportunity_id,
        signed.invoice_date,
        signed.due_date,
        signed.currency_iso_code,
        signed.net_amount,
        signed.tax_amount,
        signed.gross_amount,
        signed.cost_amount,
        signed.is_credit_note,
        {{ to_eur('signed.net_amount', 'signed.currency_iso_code', 'signed.invoice_date') }}
            as net_amount_eur,
        {{ to_eur('signed.tax_amount', 'signed.currency_iso_code', 'signed.invoice_date') }}
            as tax_amount_eur,
        {{ to_eur('signed.gross_amount', 'signed.currency_iso_code', 'signed.invoice_date') }}
            as gross_amount_eur,
        {{ to_eur('signed.cost_amount', 'signed.currency_iso_code', 'signed.invoice_date') }}
            as cost_amount_eur
    from signed

)

select * from final
