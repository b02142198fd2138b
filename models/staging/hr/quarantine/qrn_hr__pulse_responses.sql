{#- Quarantined rows of hr.pulse_response with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_hr__pulse_responses') }}

),

final as (

    select
        pulse_response_id,
        survey_date,
        department,
        country_code,
        state_code,
        enps_score,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
