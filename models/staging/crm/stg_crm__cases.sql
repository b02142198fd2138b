with

base as (

    select * from {{ ref('base_crm__cases') }}

),

final as (

    select
        base.case_id,
        base.account_id,
        base.owner_user_id,
        base.contact_id,
        base.case_type,
        base.priority,
        base.origin,
        base.case_status,
        base.created_at,
        base.closed_at,
        base.is_closed,
        base.csat_score,
        base.modified_at
    from base
    where base.row_disposition = 'staged'

)

select * from final
