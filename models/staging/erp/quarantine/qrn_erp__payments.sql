{#- Quarantined rows of erp.payment with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_erp__payments') }}

),

final as (

    select
        payment_id,
        invoice_id,
        payment_date,
        amount,
        currency_iso_code,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
