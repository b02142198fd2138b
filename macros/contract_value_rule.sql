{#- The first failing value rule of a raw row, checked on every typed column of the source's
    contract (the columns and data_type of models/staging/<system>/_<system>__sources.yml, the
    same contract the extract gate reads), or null. Precedence:
    invalid_date -> implausible_date -> invalid_number -> implausible_number -> invalid_boolean.
    Base models put it before every business rule, so a row with a year-9999 date is
    implausible_date, never unknown_currency (no fx rate for 9999). Call it in a CTE that
    selects from the raw source (raw column names). -#}
{% macro contract_value_rule(source_name, table_name) -%}
    {%- set columns = source_contract_columns(source_name, table_name) -%}
    {%- set dates = columns | selectattr('kind', 'equalto', 'date') | list -%}
    {%- set numbers = columns | selectattr('kind', 'equalto', 'number') | list -%}
    {%- set booleans = columns | selectattr('kind', 'equalto', 'boolean') | list -%}
    {%- if not (dates or numbers or booleans) -%}
        cast(null as varchar)
    {%- else -%}
        case
        {%- if dates %}
            when
                {% for c in dates -%}
                    {{ is_unparseable(c.name, c.data_type) }}{% if not loop.last %} or {% endif %}
                {%- endfor %}
                then 'invalid_date'
            when
                {% for c in dates -%}
                    {{ is_implausible_date(c.name, c.data_type) }}{% if not loop.last %} or {% endif %}
                {%- endfor %}
                then 'implausible_date'
        {%- endif %}
        {%- if numbers %}
            when
                {% for c in numbers -%}
                    ({{ is_unparseable(c.name, c.data_type) }} and not {{ is_implausible_number(c.name) }})
                    {%- if not loop.last %} or {% endif %}
                {%- endfor %}
                then 'invalid_number'
            when
                {% for c in numbers -%}
                    {{ is_implausible_number(c.name) }}{% if not loop.last %} or {% endif %}
                {%- endfor %}
                then 'implausible_number'
        {%- endif %}
        {%- if booleans %}
            when
                {% for c in booleans -%}
                    {{ is_unparseable(c.name, c.data_type) }}{% if not loop.last %} or {% endif %}
                {%- endfor %}
                then 'invalid_boolean'
        {%- endif %}
        end
    {%- endif -%}
{%- endmacro %}

{#- The typed columns of a source table's contract: a list of {name, data_type, kind} with kind
    date (date, timestamp), number (double, integer, decimal, ...) or boolean; varchar columns
    are left out. Empty while dbt parses (the graph is only complete at execution). -#}
{% macro source_contract_columns(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set kinds = {
        'date': 'date', 'timestamp': 'date', 'timestamptz': 'date',
        'double': 'number', 'float': 'number', 'real': 'number', 'decimal': 'number',
        'numeric': 'number', 'integer': 'number', 'int': 'number', 'bigint': 'number',
        'smallint': 'number', 'tinyint': 'number', 'hugeint': 'number',
        'boolean': 'boolean', 'bool': 'boolean',
    } -%}
    {%- for node in graph.sources.values()
        if node.package_name == project_name
        and node.source_name == source_name
        and node.name == table_name -%}
        {%- set typed = [] -%}
        {%- for column in node.columns.values() -%}
            {%- set data_type = (column.data_type or 'varchar') | lower | trim -%}
            {%- set base_type = data_type.split('(')[0].split(' ')[0] -%}
            {%- if base_type in kinds -%}
                {%- do typed.append({
                    'name': column.name, 'data_type': data_type, 'kind': kinds[base_type]}) -%}
            {%- endif -%}
        {%- endfor -%}
        {{ return(typed) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        "contract_value_rule: no source " ~ source_name ~ "." ~ table_name ~ " in this project") }}
{%- endmacro %}
