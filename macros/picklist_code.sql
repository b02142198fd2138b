{#- Normalise a picklist value to a snake_case code: accents stripped, lower case, trimmed,
    every run of non-alphanumerics one '_', no leading/trailing '_', blank -> null.
    ' Cross Sell', 'cross-sell  ' -> 'cross_sell'; 'Closed Won' -> 'closed_won'. -#}
{% macro picklist_code(column) -%}
    nullif(
        trim(
            regexp_replace(
                lower(strip_accents(cast({{ column }} as varchar))), '[^a-z0-9]+', '_', 'g'
            ),
            '_'
        ),
        ''
    )
{%- endmacro %}
