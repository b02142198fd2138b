{#- The plausible range of raw values, in one place (docs/quality_gates.md, "Staging").
    A number beyond number_abs_max or a date outside date_min .. date_max (inclusive) is not
    a real business value but an export fault (overflow, placeholder date such as 9999-12-31):
    staging quarantines the row (implausible_number, implausible_date). Each bound can be
    overridden with the dbt var of the same name prefixed `plausible_`. -#}
{% macro plausibility_bounds() -%}
    {{ return({
        'number_abs_max': var('plausible_number_abs_max', '1e12'),
        'date_min': var('plausible_date_min', '1900-01-01'),
        'date_max': var('plausible_date_max', '2099-12-31'),
    }) }}
{%- endmacro %}
