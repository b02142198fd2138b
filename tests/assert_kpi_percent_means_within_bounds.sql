-- A mean KPI in percent is a share of 0/1 outcomes: its value lies within 0-100 and
-- its numerator within 0..denominator.
{% set condition %}
    kpis.unit = 'percent'
    and kpis.kpi_type = 'mean'
    and (
        facts.value < 0
        or facts.value > 100
        or facts.numerator < 0
        or facts.numerator > facts.denominator
    )
{% endset %}

{{ kpi_fact_violations(['facts.numerator', 'facts.denominator', 'facts.value'], condition) }}
