{#-
    Base of crm.contract: the only model reading source('crm', 'contract'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.contract contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
      - unknown_currency: currency missing or without an fx rate for the start month
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'contract') }} as raw_rows

),

fx_rates as (

    select * from {{ ref('stg_reference__fx_rates_monthly') }}

),

renamed as (

    select
        {{ clean_string('id') }} as contract_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_cast('start_date', 'date') }} as start_date,
        {{ clean_cast('end_date', 'date') }} as end_date,
        {{ picklist_code('status') }} as contract_status,
        {{ clean_cast('mrr', 'double') }} as mrr,
        upper({{ clean_string('currency_iso_code') }}) as currency_iso_code,
        {{ picklist_code('cancellation_reason_c') }} as cancellation_reason,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'contract', {
            'start_date': 'date',
            'end_date': 'date',
            'mrr': 'double',
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
        {{ is_latest_version('contract_id', 'modified_at') }} as is_latest_version
    from renamed

),

validated as (

    select
        versioned.*,
        case
            when versioned.value_rule is not null then versioned.value_rule
            when
                versioned.currency_iso_code is null
                or not exists (
                    select 1 from fx_rates
                    where
                        fx_rates.currency_iso_code = versioned.currency_iso_code
                        and fx_rates.rate_month
                        = cast(date_trunc('month', versioned.start_date) as date)
                )
                then 'unknown_currency'
        end as row_rule
    from versioned

),

final as (

    select
        contract_id,
        account_id,
        start_date,
        end_date,
        contract_status,
        mrr,
        currency_iso_code,
        cancellation_reason,
        modified_at,
        is_deleted,
        {{ row_disposition('contract_id') }} as row_disposition,
        {{ row_quarantine_rule('contract_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
