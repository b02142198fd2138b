{#- Quarantined rows of erp.service_cost with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_erp__service_costs') }}

),

final as (

    select
        service_cost_id,
        account_id,
        cost_date,
        cost_type,
        amount_eur,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
