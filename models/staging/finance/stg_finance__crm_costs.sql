with

base as (

    select * from {{ ref('base_finance__crm_costs') }}

),

final as (

    select
        base.crm_cost_id,
        base.booking_date,
        base.cost_category,
        base.amount_eur
    from base
    where base.row_disposition = 'staged'

)

select * from final
