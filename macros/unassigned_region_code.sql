{#- The region code under which every record that maps to no region counts (dbt var
    unassigned_region_code, default 'unassigned'), as a SQL string literal. -#}
{% macro unassigned_region_code() -%}
    '{{ var("unassigned_region_code") | replace("'", "''") }}'
{%- endmacro %}
