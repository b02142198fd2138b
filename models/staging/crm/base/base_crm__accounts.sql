{#-
    Base of crm.account: the only model reading source('crm', 'account'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.account contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'account') }} as raw_rows

),

renamed as (

    select
        {{ clean_string('id') }} as account_id,
        {{ clean_string('name') }} as account_name,
        {{ picklist_code('type') }} as account_type,
        {{ picklist_code('industry') }} as industry,
        {{ clean_string('owner_id') }} as owner_user_id,
        upper({{ clean_string('billing_country_code') }}) as billing_country_code,
        upper({{ clean_string('billing_state_code') }}) as billing_state_code,
        {{ clean_cast('created_date', 'timestamp') }} as created_at,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'account', {
            'created_date': 'timestamp',
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
        {{ is_latest_version('account_id', 'modified_at') }} as is_latest_version
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
        account_id,
        account_name,
        account_type,
        industry,
        owner_user_id,
        billing_country_code,
        billing_state_code,
        created_at,
        modified_at,
        is_deleted,
        {{ row_disposition('account_id') }} as row_disposition,
        {{ row_quarantine_rule('account_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
