{#- Quarantined rows of crm.task with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__tasks') }}

),

final as (

    select
        task_id,
        owner_user_id,
        account_id,
        who_id,
        what_id,
        task_type,
        task_subtype,
        task_status,
        activity_date,
        completed_at,
        call_duration_seconds,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
