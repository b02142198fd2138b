-- Deterministic numbers (docs/kpi_precision.md): fct_kpi_monthly's components are exact
-- decimals with 6 decimal places, converted to double once. A float sum (whose last bits
-- depend on the order threads add rows in) or an unrounded component is almost never the
-- double nearest to a number with at most 6 decimals (0.1 + 0.2 = 0.30000000000000004).
-- DuckDB prints a double as the shortest text that reads back as the same double, so the
-- number of decimals in that text is the precision the value carries. Returns the rows
-- whose numerator, denominator or sum_sq carry more than 6.
{%- set decimals_of -%}
    case
        when cast(VALUE as varchar) like '%e%'
            then greatest(
                0,
                length(split_part(split_part(cast(VALUE as varchar), 'e', 1), '.', 2))
                - cast(split_part(cast(VALUE as varchar), 'e', 2) as integer)
            )
        else length(split_part(cast(VALUE as varchar), '.', 2))
    end
{%- endset %}

{%- set components = ['facts.numerator', 'facts.denominator', 'facts.sum_sq'] %}
{%- set conditions = [] %}
{%- for component in components %}
    {%- do conditions.append(decimals_of | replace('VALUE', component) ~ ' > 6') %}
{%- endfor %}

{{ kpi_fact_violations(components, conditions | join('\n    or ')) }}
