{#- Outcome of every case SLA milestone against its target. A milestone not completed is
    violated once its target has passed the extract's as-of date; one whose target still
    lies ahead is pending (not yet decided) and counts neither way, as the CRM's own
    is_violated flag does. -#}
with

milestones as (

    select * from {{ ref('stg_crm__case_milestones') }}

),

cases as (

    select * from {{ ref('int_cases_attributed') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

as_of as (

    select max(cast(data_as_of_date as timestamp)) as data_as_of_at
    from month_spine

),

classified as (

    select
        milestones.case_milestone_id,
        milestones.case_id,
        milestones.milestone_type,
        cases.owner_user_id,
        cases.region_code,
        milestones.target_at,
        milestones.completed_at,
        milestones.completed_at is not null as is_completed,
        coalesce(milestones.completed_at <= milestones.target_at, false) as is_on_time,
        milestones.completed_at is not null
        or milestones.target_at < as_of.data_as_of_at as is_due
    from milestones
    inner join cases on milestones.case_id = cases.case_id
    cross join as_of
    where milestones.target_at is not null

),

final as (

    select
        case_milestone_id,
        case_id,
        milestone_type,
        owner_user_id,
        region_code,
        target_at,
        cast(date_trunc('month', target_at) as date) as target_month,
        completed_at,
        is_completed,
        is_due,
        is_on_time,
        is_due and not is_on_time as is_violated,
        case
            when is_completed
                then (epoch(completed_at) - epoch(target_at)) / 3600.0
        end as deviation_hours
    from classified

)

select * from final
