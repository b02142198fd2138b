-- A mean KPI in percent is a share of 0/1 outcomes: its value lies within 0-100 and
-- its numerator within 0..denominator.
with

facts as (

    select * from {{ ref('fct_kpi_monthly') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

)

select
    facts.period_month,
    facts.kpi_code,
    facts.grain,
    facts.region_code,
    facts.rep_id,
    facts.numerator,
    facts.denominator,
    facts.value
from facts
inner join kpis on facts.kpi_code = kpis.kpi_code
where
    kpis.unit = 'percent'
    and kpis.kpi_type = 'mean'
    and (
        facts.value < 0
        or facts.value > 100
        or facts.numerator < 0
        or facts.numerator > facts.denominator
    )
