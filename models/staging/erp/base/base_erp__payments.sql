{#-
    Base of erp.payment: the only model reading source('erp', 'payment'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    No system_modstamp: exact repeats of a row are duplicate_version; an id with several
    different rows cannot be resolved and is quarantined (conflicting_versions).
    Row-level rules on the latest version, first failing wins:
      - conflicting_versions: the id has several rows that are not exact repeats (no system_modstamp to pick the latest), so none is trusted
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the erp.payment contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
      - unknown_invoice: invoice id missing or absent from the invoice extract
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('erp', 'payment') }} as raw_rows

),

invoices as (

    select
        invoice_id,
        min(currency_iso_code) as currency_iso_code
    from {{ ref('base_erp__invoices') }}
    where invoice_id is not null and row_disposition != 'duplicate_version'
    group by invoice_id

),

renamed as (

    select
        {{ clean_string('id') }} as payment_id,
        {{ clean_string('invoice_id') }} as invoice_id,
        {{ clean_cast('payment_date', 'date') }} as payment_date,
        {{ clean_cast('amount', 'double') }} as amount,
        {{ contract_value_rule('erp', 'payment', {
            'payment_date': 'date',
            'amount': 'double',
        }) }} as value_rule,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from source as raw_rows

),

versioned as (

    select
        renamed.*,
        {{ is_latest_version('payment_id') }} as is_latest_version,
        {{ has_conflicting_versions('payment_id') }} as has_conflicting_versions
    from renamed

),

validated as (

    select
        versioned.*,
        (
            select invoices.currency_iso_code
            from invoices
            where invoices.invoice_id = versioned.invoice_id
        ) as currency_iso_code,
        case
            when versioned.has_conflicting_versions then 'conflicting_versions'
            when versioned.value_rule is not null then versioned.value_rule
            when
                not exists (
                    select 1 from invoices
                    where invoices.invoice_id = versioned.invoice_id
                )
                then 'unknown_invoice'
        end as row_rule
    from versioned

),

final as (

    select
        payment_id,
        invoice_id,
        payment_date,
        amount,
        currency_iso_code,
        {{ row_disposition('payment_id', is_deleted='false') }} as row_disposition,
        {{ row_quarantine_rule('payment_id', is_deleted='false') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
