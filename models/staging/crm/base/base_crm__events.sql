{#-
    Base of crm.event: the only model reading source('crm', 'event'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.event contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'event') }} as raw_rows

),

renamed as (

    select
        {{ clean_string('id') }} as event_id,
        {{ clean_string('owner_id') }} as owner_user_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('who_id') }} as who_id,
        {{ clean_string('what_id') }} as what_id,
        {{ picklist_code('type') }} as event_type,
        {{ clean_cast('start_date_time', 'timestamp') }} as start_at,
        {{ clean_cast('duration_in_minutes', 'integer') }} as duration_minutes,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'event', {
            'start_date_time': 'timestamp',
            'duration_in_minutes': 'integer',
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
        {{ is_latest_version('event_id', 'modified_at') }} as is_latest_version
    from renamed

),

validated as (

    select
        versioned.*,
        versioned.value_rule as row_rule
    from versioned

),

final as (

    select
        event_id,
        owner_user_id,
        account_id,
        who_id,
        what_id,
        event_type,
        start_at,
        duration_minutes,
        modified_at,
        is_deleted,
        {{ row_disposition('event_id') }} as row_disposition,
        {{ row_quarantine_rule('event_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
