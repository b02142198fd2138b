{#-
    Base of crm.login_history: the only model reading source('crm', 'login_history'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.login_history contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'login_history') }} as raw_rows

),

renamed as (

    select
        {{ clean_string('id') }} as login_id,
        {{ clean_string('user_id') }} as user_id,
        {{ clean_cast('login_time', 'timestamp') }} as login_at,
        {{ picklist_code('status') }} as login_status,
        {{ clean_string('application') }} as application,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'login_history', {
            'login_time': 'timestamp',
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
        {{ is_latest_version('login_id', 'modified_at') }} as is_latest_version
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
        login_id,
        user_id,
        login_at,
        login_status,
        application,
        modified_at,
        is_deleted,
        {{ row_disposition('login_id') }} as row_disposition,
        {{ row_quarantine_rule('login_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
