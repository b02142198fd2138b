{#- Rolls the rep-grain components of every family up to region and company and computes
    the value with the one shared formula. Rollups re-add components; ratios are never
    averaged. -#}
with

components as (

    select * from {{ ref('int_kpi_components_unioned') }}

),

kpis as (

    select * from {{ ref('stg_catalogue__kpis') }}

),

rep_grain as (

    select
        components.period_month,
        components.kpi_code,
        'rep' as grain,
        components.region_code,
        components.rep_id,
        sum(components.numerator) as numerator,
        sum(components.denominator) as denominator,
        sum(components.sum_sq) as sum_sq
    from components
    inner join kpis on components.kpi_code = kpis.kpi_code
    where kpis.has_rep_grain and components.rep_id is not null
    group by
        components.period_month,
        components.kpi_code,
        components.region_code,
        components.rep_id

),

region_grain as (

    select
        components.period_month,
        components.kpi_code,
        'region' as grain,
        components.region_code,
        cast(null as varchar) as rep_id,
        sum(components.numerator) as numerator,
        sum(components.denominator) as denominator,
        sum(components.sum_sq) as sum_sq
    from components
    inner join kpis on components.kpi_code = kpis.kpi_code
    where kpis.has_region_grain and components.region_code is not null
    group by
        components.period_month,
        components.kpi_code,
        components.region_code

),

company_grain as (

    select
        components.period_month,
        components.kpi_code,
        'company' as grain,
        cast(null as varchar) as region_code,
        cast(null as varchar) as rep_id,
        sum(components.numerator) as numerator,
        sum(components.denominator) as denominator,
        sum(components.sum_sq) as sum_sq
    from components
    inner join kpis on components.kpi_code = kpis.kpi_code
    where kpis.has_company_grain
    group by
        components.period_month,
        components.kpi_code

),

all_grains as (

    select * from rep_grain
    union all
    select * from region_grain
    union all
    select * from company_grain

),

published as (

    select
        all_grains.period_month,
        all_grains.kpi_code,
        all_grains.grain,
        all_grains.region_code,
        all_grains.rep_id,
        all_grains.numerator,
        all_grains.denominator,
        all_grains.sum_sq,
        kpis.kpi_type,
        kpis.scale,
        -- anonymity (employee pulse): a group below min_group_size answers is published
        -- with its n only
        coalesce(all_grains.denominator < kpis.min_group_size, false) as is_suppressed
    from all_grains
    inner join kpis on all_grains.kpi_code = kpis.kpi_code

),

final as (

    select
        cast(period_month as date) as period_month,
        cast(kpi_code as varchar) as kpi_code,
        cast(grain as varchar) as grain,
        cast(region_code as varchar) as region_code,
        cast(rep_id as varchar) as rep_id,
        cast(case when not is_suppressed then numerator end as double) as numerator,
        cast(denominator as double) as denominator,
        cast(case when not is_suppressed then sum_sq end as double) as sum_sq,
        cast(
            case
                when not is_suppressed
                    then {{ kpi_value('kpi_type', 'numerator', 'denominator', 'scale') }}
            end as double
        ) as value
    from published

)

select * from final
