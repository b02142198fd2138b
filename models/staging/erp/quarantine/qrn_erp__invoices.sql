{#- Quarantined rows of erp.invoice with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_erp__invoices') }}

),

final as (

    select
        invoice_id,
        account_id,
        opportunity_id,
        invoice_date,
        due_date,
        currency_iso_code,
        net_amount,
        tax_amount,
        gross_amount,
        cost_amount,
        is_credit_note,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
