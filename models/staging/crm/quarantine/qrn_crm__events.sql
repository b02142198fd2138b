{#- Quarantined rows of crm.event with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__events') }}

),

final as (

    select
        event_id,
        owner_user_id,
        account_id,
        who_id,
        what_id,
        event_type,
        start_at,
        duration_minutes,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
