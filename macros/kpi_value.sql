{#- The one formula for a KPI value from its additive components (kpis.md):
    total -> numerator; mean and ratio -> numerator / denominator x scale,
    null when the denominator is 0 or null. Used by fct_kpi_monthly and the
    before/after comparison so a KPI is never computed two ways. -#}
{% macro kpi_value(kpi_type, numerator, denominator, scale) -%}
    case
        when {{ kpi_type }} = 'total' then {{ numerator }}
        else {{ safe_divide(numerator, denominator) }} * {{ scale }}
    end
{%- endmacro %}
