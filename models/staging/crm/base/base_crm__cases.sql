{#-
    Base of crm.case: the only model reading source('crm', 'case'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.case contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
      - csat_out_of_range: csat score given but outside 1-5
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'case') }} as raw_rows

),

renamed as (

    select
        {{ clean_string('id') }} as case_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('owner_id') }} as owner_user_id,
        {{ clean_string('contact_id') }} as contact_id,
        {{ picklist_code('type') }} as case_type,
        {{ picklist_code('priority') }} as priority,
        {{ picklist_code('origin') }} as origin,
        {{ picklist_code('status') }} as case_status,
        {{ clean_cast('created_date', 'timestamp') }} as created_at,
        {{ clean_cast('closed_date', 'timestamp') }} as closed_at,
        {{ clean_cast('is_closed', 'boolean') }} as is_closed,
        {{ clean_cast('csat_score_c', 'integer') }} as csat_score,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'case', {
            'created_date': 'timestamp',
            'closed_date': 'timestamp',
            'is_closed': 'boolean',
            'csat_score_c': 'integer',
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
        {{ is_latest_version('case_id', 'modified_at') }} as is_latest_version
    from renamed

),

validated as (

    select
        versioned.*,
        case
            when versioned.value_rule is not null then versioned.value_rule
            when versioned.csat_score not between 1 and 5 then 'csat_out_of_range'
        end as row_rule
    from versioned

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
        {{ row_disposition('case_id') }} as row_disposition,
        {{ row_quarantine_rule('case_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
