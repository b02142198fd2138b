{%- set lookups %}
opportunity_stages as (

    select * from {{ ref('stg_reference__opportunity_stages') }}

),
{%- endset %}

{%- set joins %}
left join opportunity_stages
    on staged.stage_code = opportunity_stages.stage_code
{%- endset %}

{{ staging_stg(
    'base_crm__opportunity_history',
    lookups=lookups,
    joins=joins,
    derived_columns={
        'stage_sort_order': 'opportunity_stages.stage_sort_order',
        'is_offer_stage_or_later': 'opportunity_stages.is_offer_stage_or_later',
        'is_closed_stage': 'opportunity_stages.is_closed',
        'is_won_stage': 'opportunity_stages.is_won',
    }
) }}
