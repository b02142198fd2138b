{#- Per case the speed measures of response_speed: hours from creation to the completed
    First Response milestone, and creation to closing in hours and days. A case still open
    counts as not resolved within 24 hours. -#}
with

cases as (

    select * from {{ ref('int_cases_attributed') }}

),

milestone_outcomes as (

    select * from {{ ref('int_case_milestone_outcomes') }}

),

first_responses as (

    select
        case_id,
        min(completed_at) as first_response_at
    from milestone_outcomes
    where milestone_type = 'first_response' and is_completed
    group by case_id

),

timed as (

    select
        cases.case_id,
        cases.owner_user_id,
        cases.region_code,
        cases.case_type,
        cases.created_at,
        cases.closed_at,
        first_responses.first_response_at,
        (epoch(first_responses.first_response_at) - epoch(cases.created_at))
        / 3600.0 as first_response_hours,
        (epoch(cases.closed_at) - epoch(cases.created_at)) / 3600.0 as resolution_hours
    from cases
    left join first_responses on cases.case_id = first_responses.case_id
    where cases.created_at is not null

),

final as (

    select
        case_id,
        owner_user_id,
        region_code,
        case_type,
        created_at,
        cast(date_trunc('month', created_at) as date) as created_month,
        closed_at,
        cast(date_trunc('month', closed_at) as date) as closed_month,
        first_response_at,
        first_response_hours,
        resolution_hours,
        resolution_hours / 24.0 as resolution_days,
        coalesce(resolution_hours <= 24, false) as is_resolved_within_24h
    from timed

)

select * from final
