{#-
    Base of erp.payment, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - unknown_invoice: invoice id missing or absent from the invoice extract
-#}

{%- set lookups %}
invoices as (

    {{ current_ids('base_erp__invoices', 'invoice_id', carry=['currency_iso_code']) }}

),
{%- endset %}

{%- set currency_iso_code %}
(
    select invoices.currency_iso_code
    from invoices
    where invoices.invoice_id = versioned.invoice_id
)
{%- endset %}

{%- set row_rules %}
when
    not exists (
        select 1 from invoices
        where invoices.invoice_id = versioned.invoice_id
    )
    then 'unknown_invoice'
{%- endset %}

{{ staging_base(
    'erp',
    'payment',
    lookups=lookups,
    derived_columns={'currency_iso_code': currency_iso_code},
    row_rules=row_rules
) }}
