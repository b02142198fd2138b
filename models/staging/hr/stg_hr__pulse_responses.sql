with

base as (

    select * from {{ ref('base_hr__pulse_responses') }}

),

final as (

    select
        base.pulse_response_id,
        base.survey_date,
        base.department,
        base.country_code,
        base.state_code,
        base.enps_score,
        {{ region_code_for('base.country_code', 'base.state_code') }} as region_code
    from base
    where base.row_disposition = 'staged'

)

select * from final
