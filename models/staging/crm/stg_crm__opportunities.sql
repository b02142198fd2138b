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
    'base_crm__opportunities',
    lookups=lookups,
    joins=joins,
    derived_columns={
        'amount_eur': to_eur('staged.amount', 'staged.currency_iso_code', 'staged.close_date'),
        'stage_sort_order': 'opportunity_stages.stage_sort_order',
        'is_offer_stage_or_later': 'opportunity_stages.is_offer_stage_or_later',
    }
) }}
