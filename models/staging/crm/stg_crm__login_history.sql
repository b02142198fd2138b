with

base as (

    select * from {{ ref('base_crm__login_history') }}

),

final as (

    select
        base.login_id,
        base.user_id,
        base.login_at,
        base.login_status,
        base.application,
        base.modified_at,
        coalesce(base.login_status = 'success', false) as is_successful
    from base
    where base.row_disposition = 'staged'

)

select * from final
