-- Anonymity of the employee pulse (kpis.md: employee_nps): no published employee_nps row
-- of a group with fewer than 5 responses may reveal its numerator, sum_sq or value, at any
-- grain. Returns the rows that would.
{% set condition %}
    facts.kpi_code = 'employee_nps'
    and coalesce(facts.denominator, 0) < 5
    and (facts.numerator is not null or facts.sum_sq is not null or facts.value is not null)
{% endset %}

{{ kpi_fact_violations(
    ['facts.numerator', 'facts.denominator', 'facts.sum_sq', 'facts.value'], condition
) }}
