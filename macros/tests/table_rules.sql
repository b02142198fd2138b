{#- Every column rule of one table in one query, instead of one generic test (and one scan)
    per column and rule. rules is a list of
      {column: c, rule: not_null}
      {column: c, rule: unique}                        (nulls ignored, as dbt's unique)
      {column: c, rule: accepted_values, values: [..], quote: true}   (nulls pass)
      {column: c, rule: accepted_range, min_value: x, max_value: y}   (either bound; nulls pass)
      {columns: [a, b], rule: unique_combination}      (nulls count as values)
      {column: c, rule: one_current_version}           (base models: the failing ids of the
                                                        generic test one_current_version)
    The test returns one row per violated rule: table, column, rule and the number of failing
    rows. With severity error (the default) it stops instead, with one message naming the
    table and every violated column and rule, so a failed build says what broke; with
    severity warn it returns those rows and dbt reports the warning. -#}
{% test table_rules(model, rules) %}

    {%- set raise_on_violation = (config.get('severity') or 'error') | lower == 'error' %}

    with

    failing_rows as (

        select
            {%- for rule in rules %}
            {%- set column = rule.get('column') %}
            {%- if rule['rule'] == 'not_null' %}
            count(*) filter (where {{ column }} is null)
            {%- elif rule['rule'] == 'unique' %}
            count({{ column }}) - count(distinct {{ column }})
            {%- elif rule['rule'] == 'accepted_values' %}
            {%- set quote = rule.get('quote', true) %}
            count(*) filter (
                where {{ column }} not in (
                    {%- for value in rule['values'] -%}
                        {%- if quote %}'{{ value }}'{% else %}{{ value }}{% endif -%}
                        {%- if not loop.last %}, {% endif -%}
                    {%- endfor -%}
                )
            )
            {%- elif rule['rule'] == 'accepted_range' %}
            count(*) filter (
                where
                    false
                    {%- if rule.get('min_value') is not none %}
                    or {{ column }} < {{ rule['min_value'] }}
                    {%- endif %}
                    {%- if rule.get('max_value') is not none %}
                    or {{ column }} > {{ rule['max_value'] }}
                    {%- endif %}
            )
            {%- elif rule['rule'] == 'unique_combination' %}
            count(*) - count(distinct ({{ rule['columns'] | join(', ') }}))
            {%- elif rule['rule'] == 'one_current_version' %}
            (select count(*) from ({{ test_one_current_version(model, column) }}) as failing_ids)
            {%- else %}
            {{ exceptions.raise_compiler_error(
                "table_rules on " ~ model ~ ": unknown rule " ~ rule['rule']) }}
            {%- endif %} as rule_{{ loop.index }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        from {{ model }}

    ),

    violations as (

        {%- for rule in rules %}
        select
            '{{ rule.get('column') or (rule['columns'] | join(', ')) }}' as column_name,
            '{{ rule['rule'] }}' as rule_name,
            rule_{{ loop.index }} as n_failing_rows
        from failing_rows
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}

    ),

    final as (

        select
            '{{ model.identifier }}' as table_name,
            column_name,
            rule_name,
            n_failing_rows
        from violations
        where n_failing_rows > 0

    )

    {% if raise_on_violation -%}
    select
        error(
            'table_rules failed on {{ model.identifier }}: '
            || string_agg(
                column_name || ' ' || rule_name || ' (' || n_failing_rows || ' rows)',
                ', ' order by column_name, rule_name
            )
        ) as message
    from final
    having count(*) > 0
    {%- else -%}
    select * from final
    {%- endif %}

{% endtest %}
