with

base as (

    select * from {{ ref('base_crm__leads') }}

),

final as (

    select
        base.lead_id,
        base.owner_user_id,
        base.lead_source,
        base.lead_status,
        base.company_name,
        base.country_code,
        base.state_code,
        base.created_at,
        base.is_converted,
        base.converted_date,
        base.converted_account_id,
        base.converted_opportunity_id,
        base.disqualified_date,
        base.disqualification_reason,
        base.modified_at,
        {{ region_code_for('base.country_code', 'base.state_code') }} as region_code
    from base
    where base.row_disposition = 'staged'

)

select * from final
