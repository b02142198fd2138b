with

base as (

    select * from {{ ref('base_erp__service_costs') }}

),

final as (

    select
        base.service_cost_id,
        base.account_id,
        base.cost_date,
        base.cost_type,
        base.amount_eur
    from base
    where base.row_disposition = 'staged'

)

select * from final
