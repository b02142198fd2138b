{#- Quarantined rows of crm.case_milestone with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__case_milestones') }}

),

final as (

    select
        case_milestone_id,
        case_id,
        milestone_type,
        started_at,
        target_at,
        completed_at,
        is_violated,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
