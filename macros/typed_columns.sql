{#- A model's columns stated once as an ordered list of (name, data_type) pairs, used
    three ways: `typed_columns(columns)`, the select list cast(<name> as <type>) as <name>;
    `typed_columns(columns, empty=true)`, cast(null as <type>) as <name> (the typed, empty
    shape of a model whose input files do not exist yet); `column_types(columns)`, the
    {'<name>': '<type>', ...} struct that DuckDB's read_csv / read_json take as columns. -#}
{% macro typed_columns(columns, empty=false) -%}
    {%- for name, data_type in columns %}
        cast({{ 'null' if empty else name }} as {{ data_type }}) as {{ name }}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{% macro column_types(columns) -%}
    {
        {%- for name, data_type in columns %}
        '{{ name }}': '{{ data_type }}'
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    }
{%- endmacro %}
