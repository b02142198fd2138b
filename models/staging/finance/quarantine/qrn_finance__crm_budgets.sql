{#- Quarantined rows of finance.crm_budget with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_finance__crm_budgets') }}

),

final as (

    select
        crm_budget_id,
        budget_month,
        cost_category,
        budget_eur,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
