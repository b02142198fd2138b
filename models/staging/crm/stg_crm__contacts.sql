with

base as (

    select * from {{ ref('base_crm__contacts') }}

),

final as (

    select
        base.contact_id,
        base.account_id,
        base.owner_user_id,
        base.created_at,
        base.modified_at
    from base
    where base.row_disposition = 'staged'

)

select * from final
