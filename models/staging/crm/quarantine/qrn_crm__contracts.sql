{#- Quarantined rows of crm.contract with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__contracts') }}

),

final as (

    select
        contract_id,
        account_id,
        start_date,
        end_date,
        contract_status,
        mrr,
        currency_iso_code,
        cancellation_reason,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
