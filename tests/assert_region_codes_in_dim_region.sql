-- Every region code a fact carries is a row of dim_region, spelled the same: BI filters and
-- joins on the business's own codes (docs/regions.md). Catches a NULL-free but misspelled
-- code (e.g. 'de-n' where region_mapping writes 'DE-N') as well as an unknown one.
{#- the relations whose rows carry a region code; fct_kpi_monthly's company rows carry none -#}
{%- set relation_names = [
    'fct_kpi_monthly',
    'fct_opportunity',
    'fct_churn_reasons',
    'fct_lead_disqualification_reasons',
] %}

with
{{ import_refs({'regions': 'dim_region'}) }},

region_codes as (
    {%- for relation_name in relation_names %}

        select distinct
            '{{ relation_name }}' as relation_name,
            region_code
        from {{ ref(relation_name) }}
        {%- if relation_name == 'fct_kpi_monthly' %}
            where grain != 'company'
        {%- endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

)

select
    region_codes.relation_name,
    region_codes.region_code
from region_codes
left join regions on region_codes.region_code = regions.region_code
where regions.region_code is null
