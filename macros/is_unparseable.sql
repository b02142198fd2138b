{#- True when a raw value was given (not null, not blank) but does not cast to data_type:
    the test behind the quarantine rules invalid_date, invalid_number and invalid_boolean. -#}
{% macro is_unparseable(column, data_type) -%}
    (
        {{ clean_string(column) }} is not null
        and {{ clean_cast(column, data_type) }} is null
    )
{%- endmacro %}
