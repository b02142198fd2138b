{#- A KPI value as a 0-1 ratio for BI percent formats: value / 100 for KPIs whose unit is
    percent (stored 0-100, percentage points for changes), null for every other unit (EUR,
    days, counts, scores such as NPS are not shares). The one convention for every `_ratio`
    column of the marts (docs/bi_conventions.md). -#}
{% macro percent_ratio(value, unit) -%}
    case when {{ unit }} = 'percent' then {{ value }} / 100 end
{%- endmacro %}
