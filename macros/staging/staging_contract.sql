{#- The contract of one raw table as staging reads it, from its source YAML
    (models/staging/<system>/_<system>__sources.yml, the file the extract gate reads too):
    {'staging': <table config.meta.staging>, 'columns': [{'name', 'data_type', 'staging'}]}
    with the columns in contract order and 'staging' the column's config.meta.staging ({}
    when absent). Read from dbt's graph, which exists while a model compiles for a run; dbt
    unit tests get no graph, so a unit test of a base model states the contract it tests
    under overrides.macros.staging_contract (tests/python/test_staging_contract.py keeps
    that copy equal to the YAML). -#}
{% macro staging_contract(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return({'staging': {}, 'columns': []}) }}
    {%- endif -%}
    {%- if 'sources' not in graph -%}
        {{ exceptions.raise_compiler_error(
            "staging_contract(" ~ source_name ~ ", " ~ table_name ~ "): dbt gives no graph here"
            ~ " (a unit test): state the contract under overrides.macros.staging_contract") }}
    {%- endif -%}
    {%- for node in graph.sources.values()
        if node.package_name == project_name
        and node.source_name == source_name
        and node.name == table_name -%}
        {%- set columns = [] -%}
        {%- for column in node.columns.values() -%}
            {%- do columns.append({
                'name': column.name,
                'data_type': column.data_type,
                'staging': staging_meta(column),
            }) -%}
        {%- endfor -%}
        {{ return({'staging': staging_meta(node), 'columns': columns}) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        "staging_contract: no source " ~ source_name ~ "." ~ table_name ~ " in this project") }}
{%- endmacro %}

{#- config.meta.staging of a source table or column (or the older top-level meta.staging). -#}
{% macro staging_meta(node) -%}
    {%- set config_meta = (node.config or {}).get('meta') or {} -%}
    {{ return(config_meta.get('staging') or (node.meta or {}).get('staging') or {}) }}
{%- endmacro %}

{#- The staged columns of a contract, in contract order: [{'name', 'expression'}], PII left
    out (staging.pii true) unless it is kept (staging.pii 'kept': staged under its name, but
    never part of source_row_json: see staging_base). A column's staged name is its staging.name (default: the raw name); its expression
    follows staging.kind: picklist -> picklist_code, upper -> upper(clean_string),
    soft_delete -> coalesce(clean_cast(boolean), false), otherwise clean_string for text and
    clean_cast to the contract data_type for every other type. expressions ({staged name:
    SQL}) replaces the mechanical expression where a column is truly the model's own. -#}
{% macro staging_columns(contract, expressions={}) -%}
    {%- set staged = [] -%}
    {%- for column in contract['columns'] if column['staging'].get('pii') in (none, false, 'kept') -%}
        {%- set kind = column['staging'].get('kind') -%}
        {%- set name = column['staging'].get('name') or column['name'] -%}
        {%- if name in expressions -%}
            {%- set expression = expressions[name] -%}
        {%- elif kind == 'picklist' -%}
            {%- set expression = picklist_code(column['name']) -%}
        {%- elif kind == 'upper' -%}
            {%- set expression = 'upper(' ~ clean_string(column['name']) ~ ')' -%}
        {%- elif kind == 'soft_delete' -%}
            {%- set expression = 'coalesce(' ~ clean_cast(column['name'], 'boolean') ~ ', false)' -%}
        {%- elif value_kind(column['data_type']) == 'text' -%}
            {%- set expression = clean_string(column['name']) -%}
        {%- else -%}
            {%- set expression = clean_cast(column['name'], column['data_type']) -%}
        {%- endif -%}
        {%- do staged.append({'name': name, 'expression': expression, 'kind': kind}) -%}
    {%- endfor -%}
    {{ return(staged) }}
{%- endmacro %}

{#- {raw column: data_type} of the contract's typed (non-text) columns, the input of
    contract_value_rule. -#}
{% macro staging_typed_columns(contract) -%}
    {%- set typed = {} -%}
    {%- for column in contract['columns'] if value_kind(column['data_type']) != 'text' -%}
        {%- do typed.update({column['name']: column['data_type']}) -%}
    {%- endfor -%}
    {{ return(typed) }}
{%- endmacro %}
