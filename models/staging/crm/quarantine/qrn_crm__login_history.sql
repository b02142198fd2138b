{#- Quarantined rows of crm.login_history with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__login_history') }}

),

final as (

    select
        login_id,
        user_id,
        login_at,
        login_status,
        application,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
