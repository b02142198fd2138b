{#-
    Base of crm.campaign_member, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - unknown_campaign: campaign id missing or absent from the campaign extract
-#}

{%- set lookups %}
campaigns as (

    {{ current_ids('base_crm__campaigns', 'campaign_id') }}

),
{%- endset %}

{%- set row_rules %}
when
    not exists (
        select 1 from campaigns
        where campaigns.campaign_id = versioned.campaign_id
    )
    then 'unknown_campaign'
{%- endset %}

{{ staging_base(
    'crm',
    'campaign_member',
    lookups=lookups,
    row_rules=row_rules
) }}
