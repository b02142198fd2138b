{#- Quarantined rows of crm.account with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__accounts') }}

),

final as (

    select
        account_id,
        account_name,
        account_type,
        industry,
        owner_user_id,
        billing_country_code,
        billing_state_code,
        created_at,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
