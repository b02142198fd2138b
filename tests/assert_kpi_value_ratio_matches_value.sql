-- value_ratio is value / 100 for percent KPIs and null for every other unit
-- (docs/bi_conventions.md): a BI percent format then shows 39.8 %, never 3,980 %.
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
    kpis.unit,
    facts.value,
    facts.value_ratio
from facts
inner join kpis on facts.kpi_code = kpis.kpi_code
where
    case
        when kpis.unit = 'percent' then facts.value_ratio is distinct from facts.value / 100
        else facts.value_ratio is not null
    end
