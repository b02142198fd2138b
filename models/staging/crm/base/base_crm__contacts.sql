{#-
    Base of crm.contact: the only model reading source('crm', 'contact'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    PII (first_name, last_name, email, phone) is not selected: it stays in the raw layer.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.contact contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'contact') }} as raw_rows

),

source_without_pii as (

    select * exclude (first_name, last_name, email, phone) from source

),

renamed as (

    select
        {{ clean_string('id') }} as contact_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('owner_id') }} as owner_user_id,
        {{ clean_cast('created_date', 'timestamp') }} as created_at,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'contact', {
            'created_date': 'timestamp',
            'system_modstamp': 'timestamp',
            'is_deleted': 'boolean',
        }) }} as value_rule,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from source_without_pii as raw_rows

),

versioned as (

    select
        renamed.*,
        {{ is_latest_version('contact_id', 'modified_at') }} as is_latest_version
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
        contact_id,
        account_id,
        owner_user_id,
        created_at,
        modified_at,
        is_deleted,
        {{ row_disposition('contact_id') }} as row_disposition,
        {{ row_quarantine_rule('contact_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
