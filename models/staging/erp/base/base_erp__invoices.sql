{#-
    Base of erp.invoice: the only model reading source('erp', 'invoice'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    No system_modstamp: exact repeats of a row are duplicate_version; an id with several
    different rows cannot be resolved and is quarantined (conflicting_versions).
    Row-level rules on the latest version, first failing wins:
      - conflicting_versions: the id has several rows that are not exact repeats (no system_modstamp to pick the latest), so none is trusted
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the erp.invoice contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
      - unknown_currency: currency missing or without an fx rate for the invoice month
      - negative_amount_on_invoice: negative net or gross amount on an invoice that is not a credit note
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('erp', 'invoice') }} as raw_rows

),

fx_rates as (

    select * from {{ ref('stg_reference__fx_rates_monthly') }}

),

renamed as (

    select
        {{ clean_string('id') }} as invoice_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('opportunity_id') }} as opportunity_id,
        {{ clean_cast('invoice_date', 'date') }} as invoice_date,
        {{ clean_cast('due_date', 'date') }} as due_date,
        upper({{ clean_string('currency_iso_code') }}) as currency_iso_code,
        {{ clean_cast('net_amount', 'double') }} as net_amount,
        {{ clean_cast('tax_amount', 'double') }} as tax_amount,
        {{ clean_cast('gross_amount', 'double') }} as gross_amount,
        {{ clean_cast('cost_amount', 'double') }} as cost_amount,
        {{ clean_cast('is_credit_note', 'boolean') }} as is_credit_note,
        {{ contract_value_rule('erp', 'invoice', {
            'invoice_date': 'date',
            'due_date': 'date',
            'net_amount': 'double',
            'tax_amount': 'double',
            'gross_amount': 'double',
            'cost_amount': 'double',
            'is_credit_note': 'boolean',
        }) }} as value_rule,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from source as raw_rows

),

versioned as (

    select
        renamed.*,
        {{ is_latest_version('invoice_id') }} as is_latest_version,
        {{ has_conflicting_versions('invoice_id') }} as has_conflicting_versions
    from renamed

),

validated as (

    select
        versioned.*,
        case
            when versioned.has_conflicting_versions then 'conflicting_versions'
            when versioned.value_rule is not null then versioned.value_rule
            when
                versioned.currency_iso_code is null
                or not exists (
                    select 1 from fx_rates
                    where
                        fx_rates.currency_iso_code = versioned.currency_iso_code
                        and fx_rates.rate_month
                        = cast(date_trunc('month', versioned.invoice_date) as date)
                )
                then 'unknown_currency'
            when
                not coalesce(versioned.is_credit_note, false)
                and (versioned.net_amount < 0 or versioned.gross_amount < 0)
                then 'negative_amount_on_invoice'
        end as row_rule
    from versioned

),

final as (

    select
        invoice_id,
        account_id,
        opportunity_id,
        invoice_date,
        due_date,
        currency_iso_code,
        net_amount,
        tax_amount,
        gross_amount,
        cost_amount,
        is_credit_note,
        {{ row_disposition('invoice_id', is_deleted='false') }} as row_disposition,
        {{ row_quarantine_rule('invoice_id', is_deleted='false') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
