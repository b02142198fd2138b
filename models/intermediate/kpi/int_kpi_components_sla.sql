{#- sla family (kpis.md): compliance of First Response and Resolution milestones with their
    target in the month (pending milestones, target still ahead, are not yet decided), and
    the mean deviation of completed milestones. Rep: case owner; region: the case's. -#}
with

milestone_outcomes as (

    select * from {{ ref('int_case_milestone_outcomes') }}

),

compliance as (

    select
        target_month as period_month,
        case milestone_type
            when 'first_response' then 'sla_first_response_compliance'
            when 'resolution' then 'sla_resolution_compliance'
        end as kpi_code,
        region_code,
        owner_user_id as rep_id,
        sum(case when is_on_time then 1 else 0 end) as numerator,
        count(*) as denominator,
        sum(case when is_on_time then 1 else 0 end) as sum_sq
    from milestone_outcomes
    where is_due and milestone_type in ('first_response', 'resolution')
    group by
        target_month,
        milestone_type,
        region_code,
        owner_user_id

),

deviation as (

    select
        target_month as period_month,
        'sla_avg_deviation_hours' as kpi_code,
        region_code,
        owner_user_id as rep_id,
        sum(deviation_hours) as numerator,
        count(*) as denominator,
        sum(deviation_hours * deviation_hours) as sum_sq
    from milestone_outcomes
    where is_completed
    group by
        target_month,
        region_code,
        owner_user_id

),

final as (

    {{ kpi_components(['compliance', 'deviation']) }}

)

select * from final
