with

base as (

    select * from {{ ref('base_finance__crm_milestones') }}

),

final as (

    select
        base.crm_milestone_id,
        base.milestone_name,
        base.planned_date,
        base.actual_date
    from base
    where base.row_disposition = 'staged'

)

select * from final
