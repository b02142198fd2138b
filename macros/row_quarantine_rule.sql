{#- The quarantine rule matching row_disposition(): 'missing_id' for a null id, the first
    failing row-level rule for a quarantined latest version, null for every other row. -#}
{% macro row_quarantine_rule(
    id_column,
    is_deleted='is_deleted',
    is_latest_version='is_latest_version',
    row_rule='row_rule'
) -%}
    case
        when {{ id_column }} is null then 'missing_id'
        when not {{ is_latest_version }} then null
        when coalesce({{ is_deleted }}, false) then null
        else {{ row_rule }}
    end
{%- endmacro %}
