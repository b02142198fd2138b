{#- The first failing value rule of a raw row, or null, over the typed columns of a source table
    ({column: data_type}, as in the source's contract _<system>__sources.yml). Precedence:
    invalid_date -> implausible_date -> invalid_number -> implausible_number -> invalid_boolean.
    Base models put it before every business rule, so a row with a year-9999 date is
    implausible_date, never unknown_currency (no fx rate for 9999). Call it in a CTE that
    selects from the raw source (raw column names). staging_base passes the typed columns of
    the table's contract (staging_typed_columns), the same YAML the extract gate reads. -#}
{% macro contract_value_rule(source_name, table_name, columns) -%}
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
