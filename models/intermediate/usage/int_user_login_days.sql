{#- The one owner of "licensed user" and "active user" (crm_usage, tco): every CRM user in
    every month of int_month_spine that ends on/after the user's creation. Licensed = active
    account with a CRM licence (is_active is the user's current flag: the extract keeps no
    history of it). Active user = licensed with at least one successful login in the month;
    a licensed user who never logs in stays in the population with 0 login days. Login days
    are UTC calendar days. Months before the login history begins are unknown, not 0 %:
    they have no rows. -#}
with

users as (

    select * from {{ ref('stg_crm__users') }}

),

logins as (

    select * from {{ ref('stg_crm__login_history') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

successful_login_days as (

    select
        user_id,
        cast(date_trunc('month', login_at) as date) as period_month,
        count(distinct cast(login_at as date)) as login_days
    from logins
    where is_successful and login_at is not null
    group by
        user_id,
        cast(date_trunc('month', login_at) as date)

),

login_coverage as (

    select cast(date_trunc('month', min(login_at)) as date) as first_login_month
    from logins

),

user_months as (

    select
        month_spine.period_month,
        users.user_id,
        {{ attributed_region_code('users.region_code') }} as region_code,
        coalesce(users.is_active and users.has_crm_license, false) as is_licensed
    from month_spine
    inner join login_coverage on month_spine.period_month >= login_coverage.first_login_month
    inner join users on cast(users.created_at as date) <= month_spine.month_end_date

),

final as (

    select
        user_months.period_month,
        user_months.user_id,
        user_months.region_code,
        user_months.is_licensed,
        coalesce(successful_login_days.login_days, 0) as login_days,
        user_months.is_licensed
        and coalesce(successful_login_days.login_days, 0) > 0 as is_active_user
    from user_months
    left join successful_login_days
        on
            user_months.user_id = successful_login_days.user_id
            and user_months.period_month = successful_login_days.period_month

)

select * from final
