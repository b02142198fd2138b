{#- Rolls the rep-grain components of every family up to region and company and computes
    the value with the one shared formula. Rollups re-add components; ratios are never
    averaged. Published: complete months only (docs/complete_months.md), available KPIs only
    (docs/kpi_availability.md); components are exact decimals so every build gives the same
    bytes (docs/kpi_precision.md); small groups are hidden so that no hidden cell can be
    derived from the published ones (docs/anonymity.md). -#}
with

components as (

    select * from {{ ref('int_kpi_components_unioned') }}

),

kpis as (

    select * from {{ ref('stg_catalogue__kpis') }}

),

availability as (

    select * from {{ ref('int_kpi_availability') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

---------- what is published: complete months of available KPIs, exact components

published_components as (

    select
        components.period_month,
        components.kpi_code,
        components.region_code,
        components.rep_id,
        {{ exact_component('components.numerator') }} as numerator,
        {{ exact_component('components.denominator') }} as denominator,
        {{ exact_component('components.sum_sq') }} as sum_sq
    from components
    inner join month_spine
        on components.period_month = month_spine.period_month
    inner join availability
        on components.kpi_code = availability.kpi_code
    where month_spine.is_complete_month and availability.is_available

),

---------- rollups: sums of exact components

rep_grain as (

    select
        published_components.period_month,
        published_components.kpi_code,
        'rep' as grain,
        published_components.region_code,
        published_components.rep_id,
        sum(published_components.numerator) as numerator,
        sum(published_components.denominator) as denominator,
        sum(published_components.sum_sq) as sum_sq
    from published_components
    inner join kpis on published_components.kpi_code = kpis.kpi_code
    where kpis.has_rep_grain and published_components.rep_id is not null
    group by
        published_components.period_month,
        published_components.kpi_code,
        published_components.region_code,
        published_components.rep_id

),

region_grain as (

    select
        published_components.period_month,
        published_components.kpi_code,
        'region' as grain,
        published_components.region_code,
        cast(null as varchar) as rep_id,
        sum(published_components.numerator) as numerator,
        sum(published_components.denominator) as denominator,
        sum(published_components.sum_sq) as sum_sq
    from published_components
    inner join kpis on published_components.kpi_code = kpis.kpi_code
    where kpis.has_region_grain and published_components.region_code is not null
    group by
        published_components.period_month,
        published_components.kpi_code,
        published_components.region_code

),

company_grain as (

    select
        published_components.period_month,
        published_components.kpi_code,
        'company' as grain,
        cast(null as varchar) as region_code,
        cast(null as varchar) as rep_id,
        sum(published_components.numerator) as numerator,
        sum(published_components.denominator) as denominator,
        sum(published_components.sum_sq) as sum_sq
    from published_components
    inner join kpis on published_components.kpi_code = kpis.kpi_code
    where kpis.has_company_grain
    group by
        published_components.period_month,
        published_components.kpi_code

),

all_grains as (

    select * from rep_grain
    union all
    select * from region_grain
    union all
    select * from company_grain

),

---------- anonymity (KPIs with a min_group_size, e.g. the employee pulse)

primary_suppression as (

    -- a group below min_group_size answers is published with its n only
    select
        all_grains.*,
        kpis.min_group_size,
        coalesce(all_grains.denominator < kpis.min_group_size, false) as is_primary_suppressed
    from all_grains
    inner join kpis on all_grains.kpi_code = kpis.kpi_code
    where kpis.min_group_size is not null

),

-- components without a rep (region) are in their region's (the company's) total but in no
-- published cell: company minus the published regions gives them exactly, so they are a
-- never-published, hidden cell of the partition: at level 'rep' one per region (parent_key),
-- at level 'region' one per month and KPI (no parent)
residual_cells as (

    select
        published_components.period_month,
        published_components.kpi_code,
        case
            when published_components.region_code is null then 'region' else 'rep'
        end as suppression_level,
        published_components.region_code as parent_key,
        cast(null as varchar) as cell_key,
        sum(published_components.denominator) as n,
        true as is_hidden,
        coalesce(sum(published_components.denominator) < kpis.min_group_size, false)
            as is_sensitive
    from published_components
    inner join kpis on published_components.kpi_code = kpis.kpi_code
    where
        kpis.min_group_size is not null
        and (
            (
                kpis.has_rep_grain
                and kpis.has_region_grain
                and published_components.rep_id is null
                and published_components.region_code is not null
            )
            or (
                kpis.has_region_grain
                and kpis.has_company_grain
                and published_components.region_code is null
            )
        )
    group by
        published_components.period_month,
        published_components.kpi_code,
        published_components.region_code,
        kpis.min_group_size

),

-- level 1: reps within their region
rep_cells as (

    select
        period_month,
        kpi_code,
        region_code as parent_key,
        rep_id as cell_key,
        denominator as n,
        is_primary_suppressed as is_hidden,
        is_primary_suppressed as is_sensitive
    from primary_suppression
    where grain = 'rep'
    union all
    select * exclude (suppression_level) from residual_cells
    where suppression_level = 'rep'

),

rep_complements as (

    {{ complementary_suppression('rep_cells') }}

),

-- level 2: regions within the company; a region hidden at level 1 is hidden (and
-- sensitive: it would reveal its rep) here too
region_cells as (

    select
        primary_suppression.period_month,
        primary_suppression.kpi_code,
        cast(null as varchar) as parent_key,
        primary_suppression.region_code as cell_key,
        primary_suppression.denominator as n,
        primary_suppression.is_primary_suppressed
        or coalesce(rep_complements.is_parent_hidden, false) as is_hidden,
        primary_suppression.is_primary_suppressed
        or coalesce(rep_complements.is_parent_hidden, false) as is_sensitive
    from primary_suppression
    left join rep_complements
        on
            primary_suppression.period_month = rep_complements.period_month
            and primary_suppression.kpi_code = rep_complements.kpi_code
            and primary_suppression.region_code = rep_complements.parent_key
            and rep_complements.is_parent_hidden
    where primary_suppression.grain = 'region'
    union all
    select * exclude (suppression_level) from residual_cells
    where suppression_level = 'region'

),

region_complements as (

    {{ complementary_suppression('region_cells') }}

),

hidden_regions as (

    select
        period_month,
        kpi_code,
        cell_key as region_code
    from region_cells
    where is_hidden and cell_key is not null
    union
    select
        period_month,
        kpi_code,
        cell_key as region_code
    from region_complements
    where not is_parent_hidden

),

suppression as (

    select
        primary_suppression.period_month,
        primary_suppression.kpi_code,
        primary_suppression.grain,
        primary_suppression.region_code,
        primary_suppression.rep_id,
        primary_suppression.is_primary_suppressed
        -- level 1 complement, or every rep of a hidden region (a hidden region must not be
        -- the sum of its published reps)
        or (
            primary_suppression.grain = 'rep'
            and (rep_complement.cell_key is not null or hidden_region.region_code is not null)
        )
        or (
            primary_suppression.grain = 'region' and hidden_region.region_code is not null
        )
        or (
            primary_suppression.grain = 'company'
            and coalesce(company_complement.is_parent_hidden, false)
        ) as is_suppressed
    from primary_suppression
    left join rep_complements as rep_complement
        on
            primary_suppression.grain = 'rep'
            and primary_suppression.period_month = rep_complement.period_month
            and primary_suppression.kpi_code = rep_complement.kpi_code
            and primary_suppression.region_code = rep_complement.parent_key
            and primary_suppression.rep_id = rep_complement.cell_key
    left join hidden_regions as hidden_region
        on
            primary_suppression.grain in ('rep', 'region')
            and primary_suppression.period_month = hidden_region.period_month
            and primary_suppression.kpi_code = hidden_region.kpi_code
            and primary_suppression.region_code = hidden_region.region_code
    left join region_complements as company_complement
        on
            primary_suppression.grain = 'company'
            and primary_suppression.period_month = company_complement.period_month
            and primary_suppression.kpi_code = company_complement.kpi_code
            and company_complement.is_parent_hidden

),

---------- publication

published as (

    select
        all_grains.period_month,
        all_grains.kpi_code,
        all_grains.grain,
        all_grains.region_code,
        all_grains.rep_id,
        cast(all_grains.numerator as double) as numerator,
        cast(all_grains.denominator as double) as denominator,
        cast(all_grains.sum_sq as double) as sum_sq,
        kpis.kpi_type,
        kpis.scale,
        kpis.unit,
        coalesce(suppression.is_suppressed, false) as is_suppressed
    from all_grains
    inner join kpis on all_grains.kpi_code = kpis.kpi_code
    left join suppression
        on
            all_grains.period_month = suppression.period_month
            and {{ same_kpi_cell('all_grains', 'suppression') }}

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
        ) as value,
        -- the same value as a 0-1 share for BI percent formats (null unless unit = percent)
        cast(
            case
                when not is_suppressed
                    then {{ percent_ratio(
                        kpi_value('kpi_type', 'numerator', 'denominator', 'scale'), 'unit'
                    ) }}
            end as double
        ) as value_ratio,
        -- always true: incomplete months are left out (docs/complete_months.md); kept so a
        -- filter written for dim_month works on the fact as well
        cast(true as boolean) as is_complete_month
    from published

)

select * from final
