-- value = numerator / denominator × scale (a total: its numerator), null for a zero
-- denominator, recomputed here independently of the model's macro.
with

facts as (

    select * from {{ ref('fct_kpi_monthly') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

expected as (

    select
        facts.period_month,
        facts.kpi_code,
        facts.grain,
        facts.region_code,
        facts.rep_id,
        facts.value,
        case
            when kpis.kpi_type = 'total' then facts.numerator
            when facts.denominator = 0 then null
            else facts.numerator / facts.denominator * kpis.scale
        end as expected_value
    from facts
    inner join kpis on facts.kpi_code = kpis.kpi_code

)

select *
from expected
where
    (value is null) != (expected_value is null)
    or abs(value - expected_value) > 1e-9 * greatest(1, abs(expected_value))
