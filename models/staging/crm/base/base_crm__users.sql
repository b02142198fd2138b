{#-
    Base of crm.user: the only model reading source('crm', 'user'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    PII: email is not selected (it stays in the raw layer); name is kept as user_name, the only
    personal column past the raw layer, for the rep display name (dim_rep.rep_name), and is
    never part of source_row_json.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.user contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'user') }} as raw_rows

),

source_without_pii as (

    select * exclude (name, email) from source

),

-- the name by row hash (the hash covers the name, so one name per hash): kept out of the
-- row's JSON, joined back for user_name
user_names as (

    select distinct
        source_row_hash,
        name as user_name_raw
    from source

),

renamed as (

    select
        {{ clean_string('id') }} as user_id,
        {{ picklist_code('department') }} as department,
        {{ clean_string('title') }} as title,
        {{ clean_string('manager_id') }} as manager_user_id,
        {{ clean_cast('is_active', 'boolean') }} as is_active,
        {{ clean_cast('created_date', 'timestamp') }} as created_at,
        upper({{ clean_string('country_code') }}) as country_code,
        upper({{ clean_string('state_code') }}) as state_code,
        {{ picklist_code('license_type_c') }} as license_type,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'user', {
            'is_active': 'boolean',
            'created_date': 'timestamp',
            'system_modstamp': 'timestamp',
            'is_deleted': 'boolean',
        }) }} as value_rule,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from source_without_pii as raw_rows

),

named as (

    select
        renamed.*,
        {{ clean_string('user_names.user_name_raw') }} as user_name
    from renamed
    inner join user_names
        on renamed.source_row_hash = user_names.source_row_hash

),

versioned as (

    select
        named.*,
        {{ is_latest_version('user_id', 'modified_at') }} as is_latest_version
    from named

),

validated as (

    select
        versioned.*,
        versioned.value_rule as row_rule
    from versioned

),

final as (

    select
        user_id,
        department,
        title,
        user_name,
        manager_user_id,
        is_active,
        created_at,
        country_code,
        state_code,
        license_type,
        modified_at,
        is_deleted,
        {{ row_disposition('user_id') }} as row_disposition,
        {{ row_quarantine_rule('user_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
