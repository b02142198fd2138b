{#-
    Base of crm.case_milestone: the only model reading source('crm', 'case_milestone'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.case_milestone contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
      - unknown_case: case id missing or absent from the case extract
      - unknown_milestone_type: milestone type missing or not first_response/resolution
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'case_milestone') }} as raw_rows

),

cases as (

    select case_id
    from {{ ref('base_crm__cases') }}
    where case_id is not null and row_disposition != 'duplicate_version'
    group by case_id

),

renamed as (

    select
        {{ clean_string('id') }} as case_milestone_id,
        {{ clean_string('case_id') }} as case_id,
        {{ picklist_code('milestone_type') }} as milestone_type,
        {{ clean_cast('start_date', 'timestamp') }} as started_at,
        {{ clean_cast('target_date', 'timestamp') }} as target_at,
        {{ clean_cast('completion_date', 'timestamp') }} as completed_at,
        {{ clean_cast('is_violated', 'boolean') }} as is_violated,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'case_milestone', {
            'start_date': 'timestamp',
            'target_date': 'timestamp',
            'completion_date': 'timestamp',
            'is_violated': 'boolean',
            'system_modstamp': 'timestamp',
            'is_deleted': 'boolean',
        }) }} as value_rule,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from source as raw_rows

),

versioned as (

    select
        renamed.*,
        {{ is_latest_version('case_milestone_id', 'modified_at') }} as is_latest_version
    from renamed

),

validated as (

    select
        versioned.*,
        case
            when versioned.value_rule is not null then versioned.value_rule
            when
                not exists (
                    select 1 from cases
                    where cases.case_id = versioned.case_id
                )
                then 'unknown_case'
            when
                coalesce(versioned.milestone_type not in ('first_response', 'resolution'), true)
                then 'unknown_milestone_type'
        end as row_rule
    from versioned

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
        {{ row_disposition('case_milestone_id') }} as row_disposition,
        {{ row_quarantine_rule('case_milestone_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
