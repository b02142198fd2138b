{#- True when a raw date or timestamp parses but lies outside plausibility_bounds()
    date_min .. date_max (both days included; infinity counts as outside): the test behind
    the quarantine rule implausible_date. -#}
{% macro is_implausible_date(column, data_type) -%}
    {%- set bounds = plausibility_bounds() -%}
    coalesce(
        {{ clean_cast(column, data_type) }} < date '{{ bounds['date_min'] }}'
        or {{ clean_cast(column, data_type) }} >= date '{{ bounds['date_max'] }}' + 1,
        false
    )
{%- endmacro %}
