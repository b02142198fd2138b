with

base as (

    select * from {{ ref('base_crm__case_milestones') }}

),

final as (

    select
        base.case_milestone_id,
        base.case_id,
        base.milestone_type,
        base.started_at,
        base.target_at,
        base.completed_at,
        base.is_violated,
        base.modified_at
    from base
    where base.row_disposition = 'staged'

)

select * from final
