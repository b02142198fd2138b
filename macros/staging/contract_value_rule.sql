{#- The first failing value rule of a raw row, or null, over the typed columns of a source table
    ({column: data_type}, as in the source's contract _<system>__sources.yml). Precedence:
    invalid_date -> implausible_date -> invalid_number -> implausible_number -> invalid_boolean.
    Base models put it before every business rule, so a row with a year-9999 date is
    implausible_date, never unknown_currency (no fx rate for 9999). Call it in a CTE that
    selects from the raw source (raw column names).
    The columns are spelled out in each base model (readable, and dbt unit tests get no graph
    to read the contract from); during a real run they are checked against the contract, the
    same one the extract gate reads, and a difference stops compilation with one line. -#}
{% macro contract_value_rule(source_name, table_name, columns) -%}
    {%- do check_contract_columns(source_name, table_name, columns) -%}
    {%- set kinds = {'date': [], 'number': [], 'boolean': []} -%}
    {%- for name, data_type in columns.items() -%}
        {%- do kinds[value_kind(data_type)].append({'name': name, 'data_type': data_type}) -%}
    {%- endfor -%}
    case
    {%- if kinds['date'] %}
        when
            {% for c in kinds['date'] -%}
                {{ is_unparseable(c.name, c.data_type) }}{% if not loop.last %} or {% endif %}
            {%- endfor %}
            then 'invalid_date'
        when
            {% for c in kinds['date'] -%}
                {{ is_implausible_date(c.name, c.data_type) }}{% if not loop.last %} or {% endif %}
            {%- endfor %}
            then 'implausible_date'
    {%- endif %}
    {%- if kinds['number'] %}
        when
            {% for c in kinds['number'] -%}
                ({{ is_unparseable(c.name, c.data_type) }} and not {{ is_implausible_number(c.name) }})
                {%- if not loop.last %} or {% endif %}
            {%- endfor %}
            then 'invalid_number'
        when
            {% for c in kinds['number'] -%}
                {{ is_implausible_number(c.name) }}{% if not loop.last %} or {% endif %}
            {%- endfor %}
            then 'implausible_number'
    {%- endif %}
    {%- if kinds['boolean'] %}
        when
            {% for c in kinds['boolean'] -%}
                {{ is_unparseable(c.name, c.data_type) }}{% if not loop.last %} or {% endif %}
            {%- endfor %}
            then 'invalid_boolean'
    {%- endif %}
    end
{%- endmacro %}

{#- Which value rules a contract data_type gets: date (date, timestamp), number (double,
    integer, decimal, ...), boolean; none for text. -#}
{% macro value_kind(data_type) -%}
    {%- set base_type = (data_type or 'varchar') | lower | trim -%}
    {%- set base_type = base_type.split('(')[0].split(' ')[0] -%}
    {%- if base_type in ['date', 'timestamp', 'timestamptz', 'datetime'] -%}
        {{ return('date') }}
    {%- elif base_type in ['double', 'float', 'real', 'decimal', 'numeric', 'integer', 'int',
        'bigint', 'smallint', 'tinyint', 'hugeint'] -%}
        {{ return('number') }}
    {%- elif base_type in ['boolean', 'bool'] -%}
        {{ return('boolean') }}
    {%- else -%}
        {{ return('text') }}
    {%- endif -%}
{%- endmacro %}

{#- Stops compilation when the typed columns a base model checks differ from the typed columns
    of its source's contract (a column added, dropped or retyped in the YAML and not in the
    model). Skipped where dbt provides no graph (parsing, unit tests). -#}
{% macro check_contract_columns(source_name, table_name, columns) -%}
    {%- if not execute or 'sources' not in graph -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.sources.values()
        if node.package_name == project_name
        and node.source_name == source_name
        and node.name == table_name -%}
        {%- set contract = {} -%}
        {%- for column in node.columns.values() -%}
            {%- if value_kind(column.data_type) != 'text' -%}
                {%- do contract.update({column.name: (column.data_type | lower | trim)}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set given = {} -%}
        {%- for name, data_type in columns.items() -%}
            {%- do given.update({name: (data_type | lower | trim)}) -%}
        {%- endfor -%}
        {%- if given != contract -%}
            {{ exceptions.raise_compiler_error(
                "contract_value_rule for " ~ source_name ~ "." ~ table_name
                ~ ": the base model checks " ~ given ~ " but the contract's typed columns are "
                ~ contract ~ "; update the base model's contract_value_rule call") }}
        {%- endif -%}
        {{ return(none) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        "contract_value_rule: no source " ~ source_name ~ "." ~ table_name ~ " in this project") }}
{%- endmacro %}
