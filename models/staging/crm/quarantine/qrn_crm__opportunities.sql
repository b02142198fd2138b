{#- Quarantined rows of crm.opportunity with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__opportunities') }}

),

final as (

    select
        opportunity_id,
        account_id,
        owner_user_id,
        opportunity_name,
        opportunity_type,
        stage_code,
        amount,
        currency_iso_code,
        probability,
        created_at,
        close_date,
        is_closed,
        is_won,
        lead_id,
        campaign_id,
        loss_reason,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
