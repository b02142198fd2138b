{#- Quarantined rows of finance.crm_cost with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_finance__crm_costs') }}

),

final as (

    select
        crm_cost_id,
        booking_date,
        cost_category,
        amount_eur,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
