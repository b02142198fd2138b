{#-
    Base of crm.opportunity_history, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - unknown_opportunity: opportunity id missing or absent from the opportunity extract
      - unknown_stage_name: stage missing or not in opportunity_stage
      - probability_out_of_range: probability outside 0-100
-#}

{%- set lookups %}
opportunity_stages as (

    select * from {{ ref('stg_reference__opportunity_stages') }}

),

opportunities as (

    {{ current_ids('base_crm__opportunities', 'opportunity_id', carry=['currency_iso_code']) }}

),
{%- endset %}

{%- set currency_iso_code %}
(
    select opportunities.currency_iso_code
    from opportunities
    where opportunities.opportunity_id = versioned.opportunity_id
)
{%- endset %}

{%- set row_rules %}
when
    not exists (
        select 1 from opportunities
        where opportunities.opportunity_id = versioned.opportunity_id
    )
    then 'unknown_opportunity'
when
    not exists (
        select 1 from opportunity_stages
        where opportunity_stages.stage_code = versioned.stage_code
    )
    then 'unknown_stage_name'
when versioned.probability not between 0 and 100 then 'probability_out_of_range'
{%- endset %}

{{ staging_base(
    'crm',
    'opportunity_history',
    lookups=lookups,
    derived_columns={'currency_iso_code': currency_iso_code},
    row_rules=row_rules
) }}
