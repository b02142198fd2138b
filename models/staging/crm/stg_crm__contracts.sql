with

base as (

    select * from {{ ref('base_crm__contracts') }}

),

final as (

    select
        base.contract_id,
        base.account_id,
        base.start_date,
        base.end_date,
        base.contract_status,
        base.mrr,
        base.currency_iso_code,
        base.cancellation_reason,
        base.modified_at,
        {{ to_eur('base.mrr', 'base.currency_iso_code', 'base.start_date') }} as mrr_eur
    from base
    where base.row_disposition = 'staged'

)

select * from final
