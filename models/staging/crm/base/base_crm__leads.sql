{#-
    Base of crm.lead: the only model reading source('crm', 'lead'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    PII (first_name, last_name, email) is not selected: it stays in the raw layer.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.lead contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'lead') }} as raw_rows

),

source_without_pii as (

    select * exclude (first_name, last_name, email) from source

),

renamed as (

    select
        {{ clean_string('id') }} as lead_id,
        {{ clean_string('owner_id') }} as owner_user_id,
        {{ picklist_code('lead_source') }} as lead_source,
        {{ picklist_code('status') }} as lead_status,
        {{ clean_string('company') }} as company_name,
        upper({{ clean_string('country_code') }}) as country_code,
        upper({{ clean_string('state_code') }}) as state_code,
        {{ clean_cast('created_date', 'timestamp') }} as created_at,
        {{ clean_cast('is_converted', 'boolean') }} as is_converted,
        {{ clean_cast('converted_date', 'date') }} as converted_date,
        {{ clean_string('converted_account_id') }} as converted_account_id,
        {{ clean_string('converted_opportunity_id') }} as converted_opportunity_id,
        {{ clean_cast('disqualified_date_c', 'date') }} as disqualified_date,
        {{ picklist_code('disqualification_reason_c') }} as disqualification_reason,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'lead', {
            'created_date': 'timestamp',
            'is_converted': 'boolean',
            'converted_date': 'date',
            'disqualified_date_c': 'date',
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
        {{ is_latest_version('lead_id', 'modified_at') }} as is_latest_version
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
        lead_id,
        owner_user_id,
        lead_source,
        lead_status,
        company_name,
        country_code,
        state_code,
        created_at,
        is_converted,
        converted_date,
        converted_account_id,
        converted_opportunity_id,
        disqualified_date,
        disqualification_reason,
        modified_at,
        is_deleted,
        {{ row_disposition('lead_id') }} as row_disposition,
        {{ row_quarantine_rule('lead_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
