{#- Cast a raw extract value to data_type, blank strings and unparseable values becoming null.
    Works on varchar (CSV) and typed (Parquet) inputs alike; blank as in clean_string. -#}
{% macro clean_cast(column, data_type) -%}
    try_cast({{ clean_string(column) }} as {{ data_type }})
{%- endmacro %}
