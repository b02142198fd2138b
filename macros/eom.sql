{#- Last day of the month of a date ("EOM" in kpis.md). -#}
{% macro eom(date_expression) -%}
    cast(last_day(cast({{ date_expression }} as date)) as date)
{%- endmacro %}
