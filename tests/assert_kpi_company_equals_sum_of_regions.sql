-- Rollup invariant: for every KPI that exists at region and company grain, the company
-- numerator and denominator equal the sums over its region rows. Numerators of KPIs whose
-- region rows were suppressed for anonymity are compared only where nothing was suppressed.
with

facts as (

    select * from {{ ref('fct_kpi_monthly') }}

),

regions as (

    select
        period_month,
        kpi_code,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        count(*) filter (where numerator is null and denominator is not null) as n_suppressed
    from facts
    where grain = 'region'
    group by period_month, kpi_code

),

company as (

    select
        period_month,
        kpi_code,
        numerator,
        denominator
    from facts
    where grain = 'company'

),

compared as (

    select
        company.period_month,
        company.kpi_code,
        company.numerator as company_numerator,
        regions.numerator as region_numerator,
        company.denominator as company_denominator,
        regions.denominator as region_denominator,
        regions.n_suppressed
    from company
    inner join regions
        on
            company.period_month = regions.period_month
            and company.kpi_code = regions.kpi_code

)

select *
from compared
where
    abs(coalesce(company_denominator, 0) - coalesce(region_denominator, 0)) > 1e-6
    or (
        n_suppressed = 0
        and company_numerator is not null
        and abs(company_numerator - coalesce(region_numerator, 0))
        > 1e-6 * greatest(1, abs(company_numerator))
    )
