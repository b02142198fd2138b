{#- Sales activities (tasks and calendar events) in one shape, attributed to the activity
    owner and to the record's region (sources.md: the related account's region, else the
    related lead's, else the owner's home region). An event has no status in the extract:
    it counts as done once it has started by the extract's as-of date (a meeting scheduled
    for later has not taken place). A task counts on its completion date, else (open,
    or completed without a timestamp) on its activity date. -#}
with

tasks as (

    select * from {{ ref('stg_crm__tasks') }}

),

events as (

    select * from {{ ref('stg_crm__events') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

users as (

    select * from {{ ref('stg_crm__users') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

extract_as_of as (

    select max(data_as_of_date) as data_as_of_date
    from month_spine

),

activities as (

    select
        task_id as activity_id,
        'task' as activity_source,
        task_type as activity_type,
        owner_user_id,
        account_id,
        who_id,
        coalesce(cast(completed_at as date), activity_date) as activity_date,
        is_completed,
        is_call,
        call_duration_seconds / 60.0 as duration_minutes
    from tasks
    union all
    select
        event_id as activity_id,
        'event' as activity_source,
        event_type as activity_type,
        owner_user_id,
        account_id,
        who_id,
        cast(start_at as date) as activity_date,
        coalesce(
            cast(start_at as date)
            <= (select extract_as_of.data_as_of_date from extract_as_of),
            false
        ) as is_completed,
        false as is_call,
        cast(duration_minutes as double) as duration_minutes
    from events

),

final as (

    select
        activities.activity_id,
        activities.activity_source,
        activities.activity_type,
        activities.owner_user_id,
        activities.account_id,
        activities.activity_date,
        activities.is_completed,
        activities.is_call,
        activities.duration_minutes,
        {{ attributed_region_code(
            'accounts.region_code',
            'leads.region_code',
            'users.region_code'
        ) }} as region_code
    from activities
    left join accounts
        on activities.account_id = accounts.account_id
    left join leads
        on activities.who_id = leads.lead_id
    left join users
        on activities.owner_user_id = users.user_id

)

select * from final
