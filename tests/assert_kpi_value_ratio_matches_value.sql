-- value_ratio is value / 100 for percent KPIs and null for every other unit
-- (docs/bi_conventions.md): a BI percent format then shows 39.8 %, never 3,980 %.
{% set condition %}
    case
        when kpis.unit = 'percent' then facts.value_ratio is distinct from facts.value / 100
        else facts.value_ratio is not null
    end
{% endset %}

{{ kpi_fact_violations(['kpis.unit', 'facts.value', 'facts.value_ratio'], condition) }}
