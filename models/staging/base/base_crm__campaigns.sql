{#-
    Base of crm.campaign, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - unknown_currency: currency missing or without an fx rate for the start month
-#}

{%- set row_rules %}
when {{ has_no_fx_rate('versioned.currency_iso_code', 'versioned.start_date') }}
    then 'unknown_currency'
{%- endset %}

{{ staging_base(
    'crm',
    'campaign',
    row_rules=row_rules
) }}
