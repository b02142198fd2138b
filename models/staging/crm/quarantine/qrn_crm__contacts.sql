{#- Quarantined rows of crm.contact with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__contacts') }}

),

final as (

    select
        contact_id,
        account_id,
        owner_user_id,
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
