{#- The key on which region codes are matched: case and whitespace ignored
    (' DE-N', 'de-n ' and 'De - N' all give 'de-n'). Blank gives null. -#}
{% macro region_match_key(code) -%}
    nullif(lower(regexp_replace(cast({{ code }} as varchar), '\s+', '', 'g')), '')
{%- endmacro %}
