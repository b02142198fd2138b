{#- One row per calendar month from the first month with CRM data through the month of the
    extract's cut-off (the "as of" date): the date the user gives (var as_of_date), else the
    latest change seen in the extracts. Stock KPIs are measured at every month end of this
    spine. The as-of day itself is only partly covered, so a month is complete when its last
    day lies before the as-of date: an extract taken on 1 April completes March, and April
    is incomplete (docs/complete_months.md). -#}
{%- set as_of_literal = extract_as_of_date() %}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

cases as (

    select * from {{ ref('stg_crm__cases') }}

),

contracts as (

    select * from {{ ref('stg_crm__contracts') }}

),

logins as (

    select * from {{ ref('stg_crm__login_history') }}

),

activity_dates as (

    {%- for crm_records in ['opportunities', 'leads', 'cases'] %}
        select
            cast(created_at as date) as first_date,
            cast(modified_at as date) as last_date
        from {{ crm_records }}
        union all
    {%- endfor %}
    select
        start_date as first_date,
        cast(modified_at as date) as last_date
    from contracts
    union all
    select
        cast(login_at as date) as first_date,
        cast(login_at as date) as last_date
    from logins

),

bounds as (

    select
        cast(date_trunc('month', min(first_date)) as date) as first_month,
        {% if as_of_literal -%}
            {{ as_of_literal }}
        {%- else -%}
            max(last_date)
        {%- endif %} as data_as_of_date
    from activity_dates

),

months as (

    select
        cast(spine.period_month as date) as period_month,
        bounds.data_as_of_date
    from bounds
    cross join
        generate_series(
            bounds.first_month,
            cast(date_trunc('month', bounds.data_as_of_date) as date),
            interval 1 month
        ) as spine (period_month)

),

final as (

    select
        period_month,
        {{ eom('period_month') }} as month_end_date,
        data_as_of_date,
        {{ eom('period_month') }} < data_as_of_date as is_complete_month,
        -- the quarter's last day lies before the as-of date: all three months are complete
        cast(
            date_trunc('quarter', period_month) + interval 3 month - interval 1 day as date
        ) < data_as_of_date as is_complete_quarter
    from months

)

select * from final
