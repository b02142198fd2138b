{#- Rows of one id that differ in content while the extract has no version column to choose
    between them: all of them are quarantined ('conflicting_versions'). -#}
{% macro has_conflicting_versions(id_column) -%}
    min(source_row_hash) over (partition by {{ id_column }})
    != max(source_row_hash) over (partition by {{ id_column }})
{%- endmacro %}
