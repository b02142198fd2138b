{#- Which raw row is the current version of its record (staging dedupe, sources.md):
    with a version column (crm: system_modstamp) the latest one, ties broken by the row hash;
    without one (erp, survey, hr, finance) the first of each group of identical rows. -#}
{% macro is_latest_version(id_column, version_column=none) -%}
    row_number() over (
        {%- if version_column %}
        partition by {{ id_column }}
        order by {{ version_column }} desc nulls last, source_row_hash asc
        {%- else %}
        partition by {{ id_column }}, source_row_hash
        order by source_row_hash asc
        {%- endif %}
    ) = 1
{%- endmacro %}
