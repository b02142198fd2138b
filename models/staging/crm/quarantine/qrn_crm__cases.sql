{#- Quarantined rows of crm.case with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__cases') }}

),

final as (

    select
        case_id,
        account_id,
        owner_user_id,
        contact_id,
        case_type,
        priority,
        origin,
        case_status,
        created_at,
        closed_at,
        is_closed,
        csat_score,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
