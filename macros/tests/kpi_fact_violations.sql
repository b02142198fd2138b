{#- The rows of fct_kpi_monthly, with their definition in dim_kpi, that break a rule: the body of
    the singular tests on published KPI facts (tests/assert_kpi_*.sql). columns: further
    expressions to show next to the row's keys (facts.* and kpis.* are in scope); condition:
    the SQL predicate that is true for a failing row. -#}
{% macro kpi_fact_violations(columns, condition) %}
with
{{ import_refs({'facts': 'fct_kpi_monthly', 'kpis': 'dim_kpi'}) }}

select
    facts.period_month,
    facts.kpi_code,
    facts.grain,
    facts.region_code,
    facts.rep_id
    {%- for column in columns %},
    {{ column }}
    {%- endfor %}
from facts
inner join kpis on facts.kpi_code = kpis.kpi_code
where
    {{ condition }}
{% endmacro %}
