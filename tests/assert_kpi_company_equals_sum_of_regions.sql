-- Rollup invariant: for every KPI that exists at region and company grain, the company
-- numerator and denominator equal the sums over its region rows, on any data: records of no
-- region count under the unassigned region, so a company row without region rows (or region
-- rows without a company row) is a failure too. Numerators of KPIs whose region rows were
-- suppressed for anonymity are compared only where nothing was suppressed.
with
{{ import_refs({'facts': 'fct_kpi_monthly', 'kpis': 'dim_kpi'}) }},

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
        company.numerator as company_numerator,
        regions.numerator as region_numerator,
        company.denominator as company_denominator,
        regions.denominator as region_denominator,
        regions.n_suppressed,
        coalesce(company.period_month, regions.period_month) as period_month,
        coalesce(company.kpi_code, regions.kpi_code) as kpi_code,
        company.kpi_code is not null as has_company_row,
        regions.kpi_code is not null as has_region_rows
    from company
    full outer join regions
        on
            company.period_month = regions.period_month
            and company.kpi_code = regions.kpi_code

)

select compared.*
from compared
inner join kpis on compared.kpi_code = kpis.kpi_code
where
    contains(kpis.grains, 'region')
    and contains(kpis.grains, 'company')
    and (
        not compared.has_company_row
        or not compared.has_region_rows
        or abs(coalesce(compared.company_denominator, 0) - coalesce(compared.region_denominator, 0))
        > 1e-6
        or (
            compared.n_suppressed = 0
            and compared.company_numerator is not null
            and abs(compared.company_numerator - coalesce(compared.region_numerator, 0))
            > 1e-6 * greatest(1, abs(compared.company_numerator))
        )
    )
