{#-
    Base of crm.campaign, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - unknown_currency: currency missing or without an fx rate for the start month
-#}

{%- set lookups %}
fx_rates as (

    select * from {{ ref('stg_reference__fx_rates_monthly') }}

),
{%- endset %}

{%- set row_rules %}
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
{%- endset %}

{{ staging_base(
    'crm',
    'campaign',
    lookups=lookups,
    row_rules=row_rules
) }}
