with

base as (

    select * from {{ ref('base_erp__payments') }}

),

final as (

    select
        base.payment_id,
        base.invoice_id,
        base.payment_date,
        base.amount,
        base.currency_iso_code,
        {{ to_eur('base.amount', 'base.currency_iso_code', 'base.payment_date') }} as amount_eur
    from base
    where base.row_disposition = 'staged'

)

select * from final
