{#- True when a raw value was given (not null, not blank) but does not cast to data_type:
    the test behind the quarantine rules invalid_date and invalid_number. -#}
{% macro is_unparseable(column, data_type) -%}
    (
        nullif(trim(cast({{ column }} as varchar)), '') is not null
        and try_cast(nullif(trim(cast({{ column }} as varchar)), '') as {{ data_type }}) is null
    )
{%- endmacro %}
