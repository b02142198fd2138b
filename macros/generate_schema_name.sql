{#- Custom schemas are used as-is (staging, intermediate, marts, ...), not prefixed with the
    target schema: BI tools and analysts query `marts.fct_kpi_monthly`, whatever the target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
