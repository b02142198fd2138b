{#- a / b, null when b is 0 or null (never a division-by-zero error or infinity). -#}
{% macro safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0))
{%- endmacro %}
