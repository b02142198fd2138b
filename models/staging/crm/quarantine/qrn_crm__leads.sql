{#- Quarantined rows of crm.lead with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__leads') }}

),

final as (

    select
        lead_id,
        owner_user_id,
        lead_source,
        lead_status,
        company_name,
        country_code,
        state_code,
        created_at,
        is_converted,
        converted_date,
        converted_account_id,
        converted_opportunity_id,
        disqualified_date,
        disqualification_reason,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
