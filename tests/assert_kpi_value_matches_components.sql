-- value = numerator / denominator × scale (a total: its numerator), null for a zero
-- denominator, recomputed here independently of the model's macro.
{% set expected_value %}
    case
        when kpis.kpi_type = 'total' then facts.numerator
        when facts.denominator = 0 then null
        else facts.numerator / facts.denominator * kpis.scale
    end
{% endset %}

{% set condition %}
    (facts.value is null) != ({{ expected_value }} is null)
    or abs(facts.value - {{ expected_value }})
    > 1e-9 * greatest(1, abs({{ expected_value }}))
{% endset %}

{{ kpi_fact_violations(['facts.value', expected_value ~ ' as expected_value'], condition) }}
