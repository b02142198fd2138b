{#-
    Base of erp.service_cost: the only model reading source('erp', 'service_cost'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    No system_modstamp: exact repeats of a row are duplicate_version; an id with several
    different rows cannot be resolved and is quarantined (conflicting_versions).
    Row-level rules on the latest version, first failing wins:
      - conflicting_versions: the id has several rows that are not exact repeats (no system_modstamp to pick the latest), so none is trusted
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the erp.service_cost contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('erp', 'service_cost') }} as raw_rows

),

renamed as (

    select
        {{ clean_string('id') }} as service_cost_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_cast('cost_date', 'date') }} as cost_date,
        {{ picklist_code('cost_type') }} as cost_type,
        {{ clean_cast('amount_eur', 'double') }} as amount_eur,
        {{ contract_value_rule('erp', 'service_cost', {
            'cost_date': 'date',
            'amount_eur': 'double',
        }) }} as value_rule,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from source as raw_rows

),

versioned as (

    select
        renamed.*,
        {{ is_latest_version('service_cost_id') }} as is_latest_version,
        {{ has_conflicting_versions('service_cost_id') }} as has_conflicting_versions
    from renamed

),

validated as (

    select
        versioned.*,
        case
            when versioned.has_conflicting_versions then 'conflicting_versions'
            when versioned.value_rule is not null then versioned.value_rule
        end as row_rule
    from versioned

),

final as (

    select
        service_cost_id,
        account_id,
        cost_date,
        cost_type,
        amount_eur,
        {{ row_disposition('service_cost_id', is_deleted='false') }} as row_disposition,
        {{ row_quarantine_rule('service_cost_id', is_deleted='false') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
