{#- The import CTEs of a singular test, one per relation, in the given order:
    `<name> as (select * from ref('<model>'))`. A test opens with
    `with {{ import_refs({'facts': 'fct_kpi_monthly', 'kpis': 'dim_kpi'}) }},` and goes on with
    its own CTEs; dbt records every ref as a dependency of the test. -#}
{% macro import_refs(relations) %}
    {%- for name, model in relations.items() %}

{{ name }} as (

    select * from {{ ref(model) }}

){% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}
