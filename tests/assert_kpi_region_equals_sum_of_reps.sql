-- Rollup invariant: for KPIs with a rep grain every fact is attributed to a rep, so each
-- region's numerator and denominator equal the sums over its rep rows.
with

facts as (

    select * from {{ ref('fct_kpi_monthly') }}

),

reps as (

    select
        period_month,
        kpi_code,
        region_code,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from facts
    where grain = 'rep'
    group by period_month, kpi_code, region_code

),

regions as (

    select
        period_month,
        kpi_code,
        region_code,
        numerator,
        denominator
    from facts
    where
        grain = 'region'
        and kpi_code in (select distinct reps.kpi_code from reps)

)

select
    regions.period_month,
    regions.kpi_code,
    regions.region_code,
    regions.numerator as region_numerator,
    reps.numerator as rep_numerator,
    regions.denominator as region_denominator,
    reps.denominator as rep_denominator
from regions
left join reps
    on
        regions.period_month = reps.period_month
        and regions.kpi_code = reps.kpi_code
        and regions.region_code = reps.region_code
where
    reps.kpi_code is null
    or abs(coalesce(regions.denominator, 0) - coalesce(reps.denominator, 0)) > 1e-6
    or abs(coalesce(regions.numerator, 0) - coalesce(reps.numerator, 0))
    > 1e-6 * greatest(1, abs(coalesce(regions.numerator, 0)))
