{#- A raw text value trimmed, blank becoming null (ids, free text, codes). -#}
{% macro clean_string(column) -%}
    nullif(trim(cast({{ column }} as varchar)), '')
{%- endmacro %}
