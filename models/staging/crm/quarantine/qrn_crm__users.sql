{#- Quarantined rows of crm.user with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__users') }}

),

final as (

    select
        user_id,
        department,
        title,
        manager_user_id,
        is_active,
        created_at,
        country_code,
        state_code,
        license_type,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
