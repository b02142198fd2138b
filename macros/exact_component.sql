{#- A KPI component (numerator, denominator, sum_sq) as an exact decimal rounded to 6 decimal
    places of its unit. Float sums depend on the order rows are added (threads), so the same
    data gave values differing at ~1e-16; decimals add exactly in any order, so every grain
    is byte-identical across builds (docs/kpi_precision.md). -#}
{% macro exact_component(expression) -%}
    cast({{ expression }} as decimal(38, 6))
{%- endmacro %}
