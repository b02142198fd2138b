{#- Quarantined rows of finance.crm_milestone with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_finance__crm_milestones') }}

),

final as (

    select
        crm_milestone_id,
        milestone_name,
        planned_date,
        actual_date,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
