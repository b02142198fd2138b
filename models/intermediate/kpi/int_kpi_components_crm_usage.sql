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

final as (

    {{ kpi_components(['active_user_rate', 'login_days_per_user']) }}

)

select * from final
