{#- Quarantined rows of crm.campaign_member with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__campaign_members') }}

),

final as (

    select
        campaign_member_id,
        campaign_id,
        lead_id,
        contact_id,
        contacted_at,
        step_number,
        has_responded,
        first_responded_date,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
