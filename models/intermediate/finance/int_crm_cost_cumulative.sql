{#- CRM programme cost against budget per month, with running totals from the first month
    with a cost booking or a budget through the extract's month (or the last booking, if
    later): budgets planned for later months are not yet "to date". Corrections are
    negative bookings and reduce the month's actual. -#}
with

costs as (

    select * from {{ ref('stg_finance__crm_costs') }}

),

budgets as (

    select * from {{ ref('stg_finance__crm_budgets') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

cost_months as (

    select
        cast(date_trunc('month', booking_date) as date) as period_month,
        sum(amount_eur) as actual_eur,
        count(*) as cost_booking_count
    from costs
    where booking_date is not null
    group by cast(date_trunc('month', booking_date) as date)

),

budget_months as (

    select
        budget_month as period_month,
        sum(budget_eur) as budget_eur
    from budgets
    where budget_month is not null
    group by budget_month

),

bounds as (

    select
        (
            select min(period_month)
            from (
                select period_month from cost_months
                union all
                select period_month from budget_months
            ) as data_months
        ) as first_month,
        greatest(
            (select max(period_month) from cost_months),
            (select max(period_month) from month_spine)
        ) as last_month

),

months as (

    select cast(month_series.period_month as date) as period_month
    from bounds
    cross join
        generate_series(bounds.first_month, bounds.last_month, interval 1 month)
            as month_series (period_month)

),

monthly as (

    select
        months.period_month,
        coalesce(cost_months.actual_eur, 0) as actual_eur,
        coalesce(cost_months.cost_booking_count, 0) as cost_booking_count,
        coalesce(budget_months.budget_eur, 0) as budget_eur
    from months
    left join cost_months on months.period_month = cost_months.period_month
    left join budget_months on months.period_month = budget_months.period_month

),

final as (

    select
        period_month,
        actual_eur,
        cost_booking_count,
        budget_eur,
        sum(actual_eur) over (
            order by period_month rows between unbounded preceding and current row
        ) as cumulative_actual_eur,
        sum(budget_eur) over (
            order by period_month rows between unbounded preceding and current row
        ) as cumulative_budget_eur
    from monthly

)

select * from final
