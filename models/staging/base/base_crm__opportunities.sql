{#-
    Base of crm.opportunity, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - unknown_stage_name: stage missing or not in opportunity_stage
      - unknown_opportunity_type: type given but not one of the four contract types
      - unknown_currency: currency missing or without an fx rate for the close month
      - probability_out_of_range: probability outside 0-100
      - close_before_created: close_date before the created date
-#}

{%- set lookups %}
opportunity_stages as (

    select * from {{ ref('stg_reference__opportunity_stages') }}

),
{%- endset %}

{%- set row_rules %}
when
    not exists (
        select 1 from opportunity_stages
        where opportunity_stages.stage_code = versioned.stage_code
    )
    then 'unknown_stage_name'
when
    versioned.opportunity_type
    not in ('new_business', 'upsell', 'cross_sell', 'deep_sell')
    then 'unknown_opportunity_type'
when {{ has_no_fx_rate('versioned.currency_iso_code', 'versioned.close_date') }}
    then 'unknown_currency'
when versioned.probability not between 0 and 100 then 'probability_out_of_range'
when
    versioned.close_date < cast(versioned.created_at as date)
    then 'close_before_created'
{%- endset %}

{{ staging_base(
    'crm',
    'opportunity',
    lookups=lookups,
    row_rules=row_rules
) }}
