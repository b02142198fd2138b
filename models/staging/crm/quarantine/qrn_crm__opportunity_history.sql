{#- Quarantined rows of crm.opportunity_history with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__opportunity_history') }}

),

final as (

    select
        opportunity_history_id,
        opportunity_id,
        changed_at,
        stage_code,
        amount,
        probability,
        close_date,
        modified_at,
        is_deleted,
        currency_iso_code,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
