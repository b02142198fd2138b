with

base as (

    select * from {{ ref('base_crm__users') }}

),

final as (

    select
        base.user_id,
        base.department,
        base.title,
        base.user_name,
        base.manager_user_id,
        base.is_active,
        base.created_at,
        base.country_code,
        base.state_code,
        base.license_type,
        base.modified_at,
        {{ region_code_for('base.country_code', 'base.state_code') }} as region_code,
        coalesce(base.license_type is not null and base.license_type != 'none', false)
            as has_crm_license
    from base
    where base.row_disposition = 'staged'

)

select * from final
