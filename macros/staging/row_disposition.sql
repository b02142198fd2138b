{#- How a raw extract row is used, decided once per row in the base models. One precedence,
    read in two columns:
      1. missing id                               -> quarantined, rule missing_id
      2. not the latest version of its id         -> duplicate_version
      3. latest version soft-deleted              -> soft_deleted
      4. latest version breaking a row-level rule -> quarantined, rule = row_rule
      5. otherwise                                -> staged
    row_disposition() returns the disposition, row_quarantine_rule() the rule (null unless
    quarantined). Both read the one list in row_classification(). -#}
{% macro row_classification(
    id_column,
    is_deleted='is_deleted',
    is_latest_version='is_latest_version',
    row_rule='row_rule'
) -%}
    {{ return([
        {'when': id_column ~ ' is null', 'disposition': "'quarantined'", 'rule': "'missing_id'"},
        {'when': 'not ' ~ is_latest_version, 'disposition': "'duplicate_version'", 'rule': 'null'},
        {'when': 'coalesce(' ~ is_deleted ~ ', false)', 'disposition': "'soft_deleted'", 'rule': 'null'},
        {'when': row_rule ~ ' is not null', 'disposition': "'quarantined'", 'rule': row_rule},
        {'when': none, 'disposition': "'staged'", 'rule': 'null'},
    ]) }}
{%- endmacro %}

{% macro row_disposition(
    id_column,
    is_deleted='is_deleted',
    is_latest_version='is_latest_version',
    row_rule='row_rule'
) -%}
    {{ row_classification_case(
        row_classification(id_column, is_deleted, is_latest_version, row_rule), 'disposition') }}
{%- endmacro %}

{% macro row_quarantine_rule(
    id_column,
    is_deleted='is_deleted',
    is_latest_version='is_latest_version',
    row_rule='row_rule'
) -%}
    {{ row_classification_case(
        row_classification(id_column, is_deleted, is_latest_version, row_rule), 'rule') }}
{%- endmacro %}

{#- One case expression over row_classification(), returning the given field. -#}
{% macro row_classification_case(steps, field) -%}
    case
    {%- for step in steps %}
        {%- if step['when'] is none %}
        else {{ step[field] }}
        {%- else %}
        when {{ step['when'] }} then {{ step[field] }}
        {%- endif %}
    {%- endfor %}
    end
{%- endmacro %}
