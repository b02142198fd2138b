{#- The base model of one raw table, generated from its contract (staging_contract): the only
    model reading source(source_name, table_name). It renames to house names, casts, normalises
    picklists and classifies every raw row exactly once (row_disposition, quarantine_rule):
      - source_row_hash: md5 of the complete raw row; source_row_json: the row as JSON without
        the PII columns (staging.pii), which never leave the raw layer, except a column marked
        staging.pii 'kept' (the user's name, for the rep display name): it is staged under its
        name, joined back by source_row_hash (the hash covers it: one value per hash), and
        still left out of source_row_json;
      - latest version of an id (table staging.id): with a version column (table
        staging.version) the highest one, ties broken by source_row_hash; without one, exact
        repeats are duplicate_version and an id with several different rows is quarantined
        (conflicting_versions);
      - row-level rules on the latest version, first failing wins: conflicting_versions, then
        contract_value_rule (invalid/implausible values of the typed columns), then the model's
        own row_rules.
    The model file gives only what is truly its own:
      lookups          CTEs the rules or derived columns read ('name as (...),' each);
      row_rules        'when <condition> then <rule>' branches over versioned.<column>;
      derived_columns  {name: SQL over versioned.<column>}, after the staged columns;
      expressions      {staged name: SQL over raw columns} replacing a mechanical expression
                       (and naming a key that is no raw column, e.g. a composite id).
    One pass over the raw rows: the windows of is_latest_version run once, the rules read
    small lookups. -#}
{% macro staging_base(
    source_name,
    table_name,
    lookups='',
    row_rules='',
    derived_columns={},
    expressions={}
) -%}
    {%- set contract = staging_contract(source_name, table_name) -%}
    {%- set table = contract['staging'] -%}
    {%- set id_column = table.get('id') -%}
    {%- set version_column = table.get('version') -%}
    {%- set columns = staging_columns(contract, expressions) -%}
    {%- set staged_names = columns | map(attribute='name') | list -%}
    {%- if id_column in expressions and id_column not in staged_names -%}
        {%- do columns.insert(0, {'name': id_column, 'expression': expressions[id_column]}) -%}
    {%- endif -%}
    {%- set soft_delete = columns | selectattr('kind', 'equalto', 'soft_delete') | list -%}
    {%- set is_deleted = soft_delete[0]['name'] if soft_delete else 'false' -%}
    {%- set pii = [] -%}
    {%- set kept_pii = [] -%}
    {%- for column in contract['columns'] if column['staging'].get('pii') -%}
        {%- do pii.append(column['name']) -%}
        {%- if column['staging'].get('pii') == 'kept' -%}
            {%- do kept_pii.append(column['name']) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if execute and not id_column -%}
        {{ exceptions.raise_compiler_error(
            "staging_base: " ~ source_name ~ "." ~ table_name
            ~ " needs config.meta.staging.id (the staged key) in its source YAML") }}
    {%- endif -%}
with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source(source_name, table_name) }} as raw_rows

),
{%- if pii %}

source_without_pii as (

    select * exclude ({{ pii | join(', ') }}) from source

),
{%- endif %}
{%- if kept_pii %}

kept_pii as (

    select distinct
        source_row_hash,
        {{ kept_pii | join(',\n        ') }}
    from source

),
{%- endif %}
{%- if lookups | trim %}

{{ lookups | trim }}
{%- endif %}

renamed as (

    select
        {%- for column in columns %}
        {{ column['expression'] }} as {{ column['name'] }},
        {%- endfor %}
        {{ contract_value_rule(source_name, table_name, staging_typed_columns(contract)) }}
            as value_rule,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from {{ 'source_without_pii' if pii else 'source' }} as raw_rows
    {%- if kept_pii %}
    inner join kept_pii on raw_rows.source_row_hash = kept_pii.source_row_hash
    {%- endif %}

),

versioned as (

    select
        renamed.*,
        {%- if version_column %}
        {{ is_latest_version(id_column, version_column) }} as is_latest_version
        {%- else %}
        {{ is_latest_version(id_column) }} as is_latest_version,
        {{ has_conflicting_versions(id_column) }} as has_conflicting_versions
        {%- endif %}
    from renamed

),

validated as (

    select
        versioned.*,
        {%- for name, expression in derived_columns.items() %}
        {{ expression | trim }} as {{ name }},
        {%- endfor %}
        case
            {%- if not version_column %}
            when versioned.has_conflicting_versions then 'conflicting_versions'
            {%- endif %}
            when versioned.value_rule is not null then versioned.value_rule
            {{ row_rules | trim }}
        end as row_rule
    from versioned

),

final as (

    select
        {%- for column in columns %}
        {{ column['name'] }},
        {%- endfor %}
        {%- for name in derived_columns %}
        {{ name }},
        {%- endfor %}
        {{ row_disposition(id_column, is_deleted=is_deleted) }}
            as row_disposition,
        {{ row_quarantine_rule(id_column, is_deleted=is_deleted) }}
            as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final
{%- endmacro %}
