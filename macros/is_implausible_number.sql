{#- True when a raw value reads as a number that is not finite (inf, -inf, NaN, or '1e309',
    which overflows to inf) or whose absolute value exceeds plausibility_bounds().number_abs_max:
    the test behind the quarantine rule implausible_number. Read as double whatever the
    column's type, so an integer column's 1e13 is implausible, not unparseable. -#}
{% macro is_implausible_number(column) -%}
    {%- set number = 'try_cast(' ~ clean_string(column) ~ ' as double)' -%}
    coalesce(
        not isfinite({{ number }})
        or abs({{ number }}) > {{ plausibility_bounds()['number_abs_max'] }},
        false
    )
{%- endmacro %}
