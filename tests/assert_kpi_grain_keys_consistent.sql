-- Grain keys: rep rows name a rep and its region, region rows a region only, company rows
-- neither; and a KPI is published only at the grains dim_kpi lists for it.
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
    facts.rep_id
from facts
inner join kpis on facts.kpi_code = kpis.kpi_code
where
    (facts.grain = 'rep' and (facts.rep_id is null or facts.region_code is null))
    or (facts.grain = 'region' and (facts.rep_id is not null or facts.region_code is null))
    or (facts.grain = 'company' and (facts.rep_id is not null or facts.region_code is not null))
    or not contains(kpis.grains, facts.grain)
