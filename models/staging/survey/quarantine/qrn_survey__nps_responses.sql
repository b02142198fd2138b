{#- Quarantined rows of survey.nps_response with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_survey__nps_responses') }}

),

final as (

    select
        nps_response_id,
        account_id,
        contact_id,
        responded_at,
        score,
        channel,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
