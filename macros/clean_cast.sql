{#- Cast a raw extract value to data_type, blank strings and unparseable values becoming null.
    Works on varchar (CSV) and typed (Parquet) inputs alike. -#}
{% macro clean_cast(column, data_type) -%}
    try_cast(nullif(trim(cast({{ column }} as varchar)), '') as {{ data_type }})
{%- endmacro %}
