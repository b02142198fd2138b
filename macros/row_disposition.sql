{#- Classify a raw extract row exactly once (base models). Precedence:
    missing id -> quarantined; not the latest version of its id -> duplicate_version;
    latest version soft-deleted -> soft_deleted; latest version breaking a row-level rule
    (row_rule not null) -> quarantined; else staged. -#}
{% macro row_disposition(
    id_column,
    is_deleted='is_deleted',
    is_latest_version='is_latest_version',
    row_rule='row_rule'
) -%}
    case
        when {{ id_column }} is null then 'quarantined'
        when not {{ is_latest_version }} then 'duplicate_version'
        when coalesce({{ is_deleted }}, false) then 'soft_deleted'
        when {{ row_rule }} is not null then 'quarantined'
        else 'staged'
    end
{%- endmacro %}
