with

base as (

    select * from {{ ref('base_finance__crm_budgets') }}

),

final as (

    select
        base.crm_budget_id,
        base.budget_month,
        base.cost_category,
        base.budget_eur
    from base
    where base.row_disposition = 'staged'

)

select * from final
