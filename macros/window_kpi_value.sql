{#- A KPI's value over a window of months from its summed components (before_after.md):
    a total is the monthly average (Σ amount / months in the window, months without a fact
    count as 0), a mean or ratio Σnumerator / Σdenominator × scale. Delegates to kpi_value,
    the one KPI formula. -#}
{% macro window_kpi_value(kpi_type, sum_numerator, sum_denominator, scale, months_in_window) -%}
    {{ kpi_value(
        kpi_type,
        "(case when " ~ kpi_type ~ " = 'total' then "
            ~ safe_divide(sum_numerator, months_in_window) ~ " else "
            ~ sum_numerator ~ " end)",
        sum_denominator,
        scale
    ) }}
{%- endmacro %}
