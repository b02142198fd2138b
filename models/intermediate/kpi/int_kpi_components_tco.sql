{#- tco family (kpis.md), company grain only: rep_id null, and region_code the unassigned
    region (programme costs belong to no region; no region row is published because the
    catalogue lists no region grain, and no component is ever without a region). Cost and budget
    come from int_crm_cost_cumulative, active users from int_user_login_days (the same users
    crm_active_user_rate counts: "active" is never recomputed here). -#}
with

cost_cumulative as (

    select * from {{ ref('int_crm_cost_cumulative') }}

),

user_login_days as (

    select * from {{ ref('int_user_login_days') }}

),

crm_milestones as (

    select * from {{ ref('stg_finance__crm_milestones') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

as_of as (

    select max(data_as_of_date) as data_as_of_date
    from month_spine

),

active_users as (

    select
        period_month,
        count(*) as n_active_users
    from user_login_days
    where is_active_user
    group by period_month

),

crm_cost as (

    select
        period_month,
        'crm_cost_eur' as kpi_code,
        actual_eur as numerator,
        null as denominator,
        null as sum_sq
    from cost_cumulative
    where cost_booking_count > 0

),

budget_variance as (

    -- a zero budget to date keeps its row with denominator 0: the value is null
    select
        period_month,
        'crm_budget_variance_pct' as kpi_code,
        cumulative_actual_eur - cumulative_budget_eur as numerator,
        cumulative_budget_eur as denominator,
        null as sum_sq
    from cost_cumulative

),

cost_per_active_user as (

    select
        cost_cumulative.period_month,
        'crm_cost_per_active_user_eur' as kpi_code,
        cost_cumulative.actual_eur as numerator,
        coalesce(active_users.n_active_users, 0) as denominator,
        null as sum_sq
    from cost_cumulative
    left join active_users on cost_cumulative.period_month = active_users.period_month
    where cost_cumulative.cost_booking_count > 0

),

-- a milestone not reached whose planned date is still ahead is not late yet
milestones_due as (

    select
        cast(date_trunc('month', crm_milestones.planned_date) as date) as period_month,
        case
            when crm_milestones.actual_date <= crm_milestones.planned_date then 1 else 0
        end as is_on_time_flag
    from crm_milestones
    cross join as_of
    where
        crm_milestones.planned_date is not null
        and (
            crm_milestones.actual_date is not null
            or crm_milestones.planned_date < as_of.data_as_of_date
        )

),

milestones_on_time as (

    select
        period_month,
        'crm_milestones_on_time_rate' as kpi_code,
        sum(is_on_time_flag) as numerator,
        count(*) as denominator,
        sum(is_on_time_flag) as sum_sq
    from milestones_due
    group by period_month

),

final as (

    {{ kpi_components(
        ['crm_cost', 'budget_variance', 'cost_per_active_user', 'milestones_on_time'],
        region_code=unassigned_region_code(),
        rep_id='null'
    ) }}

)

select * from final
