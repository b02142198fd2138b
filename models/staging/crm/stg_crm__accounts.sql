with

base as (

    select * from {{ ref('base_crm__accounts') }}

),

final as (

    select
        base.account_id,
        base.account_name,
        base.account_type,
        base.industry,
        base.owner_user_id,
        base.billing_country_code,
        base.billing_state_code,
        base.created_at,
        base.modified_at,
        {{ region_code_for('base.billing_country_code', 'base.billing_state_code') }} as region_code
    from base
    where base.row_disposition = 'staged'

)

select * from final
