{#-
    Base of erp.invoice, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - unknown_currency: currency missing or without an fx rate for the invoice month
      - negative_amount_on_invoice: negative net or gross amount on an invoice that is not a credit note
-#}

{%- set row_rules %}
when {{ has_no_fx_rate('versioned.currency_iso_code', 'versioned.invoice_date') }}
    then 'unknown_currency'
when
    not coalesce(versioned.is_credit_note, false)
    and (versioned.net_amount < 0 or versioned.gross_amount < 0)
    then 'negative_amount_on_invoice'
{%- endset %}

{{ staging_base(
    'erp',
    'invoice',
    row_rules=row_rules
) }}
