{#- response_speed family (kpis.md). Rep: case owner; region: the case's. First response and
    24-hour resolution belong to the month the case was created, post-sales resolution time
    to the month it was closed. -#}
with

response_times as (

    select * from {{ ref('int_case_response_times') }}

),

first_response as (

    select
        created_month as period_month,
        'avg_first_response_hours' as kpi_code,
        region_code,
        owner_user_id as rep_id,
        sum(first_response_hours) as numerator,
        count(*) as denominator,
        sum(first_response_hours * first_response_hours) as sum_sq
    from response_times
    where first_response_hours is not null
    group by
        created_month,
        region_code,
        owner_user_id

),

resolved_within_24h as (

    select
        created_month as period_month,
        'cases_resolved_within_24h_rate' as kpi_code,
        region_code,
        owner_user_id as rep_id,
        sum(case when is_resolved_within_24h then 1 else 0 end) as numerator,
        count(*) as denominator,
        sum(case when is_resolved_within_24h then 1 else 0 end) as sum_sq
    from response_times
    group by
        created_month,
        region_code,
        owner_user_id

),

post_sales_resolution as (

    select
        closed_month as period_month,
        'post_sales_resolution_days' as kpi_code,
        region_code,
        owner_user_id as rep_id,
        sum(resolution_days) as numerator,
        count(*) as denominator,
        sum(resolution_days * resolution_days) as sum_sq
    from response_times
    where case_type = 'post_sales' and closed_at is not null
    group by
        closed_month,
        region_code,
        owner_user_id

),

final as (

    {{ kpi_components(['first_response', 'resolved_within_24h', 'post_sales_resolution']) }}

)

select * from final
