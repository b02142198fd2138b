with

base as (

    select * from {{ ref('base_crm__events') }}

),

final as (

    select
        base.event_id,
        base.owner_user_id,
        base.account_id,
        base.who_id,
        base.what_id,
        base.event_type,
        base.start_at,
        base.duration_minutes,
        base.modified_at
    from base
    where base.row_disposition = 'staged'

)

select * from final
