{#- A raw text value trimmed of whitespace, blank becoming null (ids, free text, codes).
    Whitespace is exactly what Python's str.isspace() accepts (space, tab, line breaks,
    no-break space and the other Unicode spaces), the set the extract gate strips: an id of
    '', '   ' or a tab is a missing id for both. DuckDB's one-argument trim() strips spaces only. -#}
{% macro clean_string(column) -%}
    nullif(
        regexp_replace(
            cast({{ column }} as varchar),
            '^[\s\p{Z}\x0b\x1c-\x1f\x85]+|[\s\p{Z}\x0b\x1c-\x1f\x85]+$',
            '',
            'g'
        ),
        ''
    )
{%- endmacro %}
