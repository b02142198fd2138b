{#- crm_usage family (kpis.md): the licensed users of each month (int_user_login_days owns
    who is licensed and who is active). Rep: the user; region: the user's home region. A
    licensed user without a login is a 0 in both means. -#}
with

user_login_days as (

    select * from {{ ref('int_user_login_days') }}

),

licensed_users as (

    select
        period_month,
        region_code,
        user_id,
        login_days,
        case when is_active_user then 1 else 0 end as is_active_user_flag
    from user_login_days
    where is_licensed

),

active_user_rate as (

    select
        period_month,
        'crm_active_user_rate' as kpi_code,
        region_code,
        user_id as rep_id,
        sum(is_active_user_flag) as numerator,
        count(*) as denominator,
        sum(is_active_user_flag) as sum_sq
    from licensed_users
    group by
        period_month,
        region_code,
        user_id

),

login_days_per_user as (

    select
        period_month,
        'crm_login_days_per_user' as kpi_code,
        region_code,
        user_id as rep_id,
        sum(login_days) as numerator,
        count(*) as denominator,
        sum(login_days * login_days) as sum_sq
    from licensed_users
    group by
        period_month,
        region_code,
        user_id

),

unioned as (

    select * from active_user_rate
    union all
    select * from login_days_per_user

),

final as (

    select
        cast(period_month as date) as period_month,
        cast(kpi_code as varchar) as kpi_code,
        cast(region_code as varchar) as region_code,
        cast(rep_id as varchar) as rep_id,
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator,
        cast(sum_sq as double) as sum_sq
    from unioned

)

select * from final
