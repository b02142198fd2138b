with

base as (

    select * from {{ ref('base_crm__tasks') }}

),

final as (

    select
        base.task_id,
        base.owner_user_id,
        base.account_id,
        base.who_id,
        base.what_id,
        base.task_type,
        base.task_subtype,
        base.task_status,
        base.activity_date,
        base.completed_at,
        base.call_duration_seconds,
        base.modified_at,
        coalesce(base.task_type = 'call' or base.task_subtype = 'call', false) as is_call,
        coalesce(base.task_status = 'completed' or base.completed_at is not null, false)
            as is_completed
    from base
    where base.row_disposition = 'staged'

)

select * from final
