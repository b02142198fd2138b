{#- KPI family pipeline (kpis.md): rep-grain components. The pipeline KPIs are stocks
    measured at every month end from the point-in-time states of
    int_opportunities_as_of_month_end (rep: opportunity owner). Account activity coverage:
    customers at EOM (rep: account owner), x = 1 with a completed task or event in the 90
    days ending EOM (EOM - 89 .. EOM), else 0. -#}
with

opportunity_states as (

    select * from {{ ref('int_opportunities_as_of_month_end') }}

),

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

accounts as (

    select * from {{ ref('int_accounts_attributed') }}

),

activities as (

    select * from {{ ref('int_activities_attributed') }}

),

open_pipeline as (

    select
        period_month,
        region_code,
        owner_user_id as rep_id,
        sum(amount_eur) as open_value_eur,
        count(*) as open_count,
        sum(amount_eur * probability / 100.0) as weighted_value_eur
    from opportunity_states
    where is_open
    group by
        period_month,
        region_code,
        owner_user_id

),

-- coverage is only measured where the whole 90-day window lies inside the activity
-- history: before it, "no activity" is unknown, not 0 %
activity_history as (

    select min(activity_date) as first_activity_date
    from activities

),

customers_at_month_end as (

    select
        customer_months.period_month,
        customer_months.month_end_date,
        customer_months.account_id,
        accounts.region_code,
        accounts.owner_user_id as rep_id
    from customer_months
    inner join accounts
        on customer_months.account_id = accounts.account_id
    inner join activity_history
        on customer_months.month_end_date - interval 89 day >= activity_history.first_activity_date
    where customer_months.is_active

),

covered_accounts as (

    select distinct
        customers_at_month_end.period_month,
        customers_at_month_end.account_id
    from customers_at_month_end
    inner join activities
        on
            customers_at_month_end.account_id = activities.account_id
            and activities.activity_date
            between customers_at_month_end.month_end_date - interval 89 day
            and customers_at_month_end.month_end_date
    where activities.is_completed

),

coverage as (

    select
        customers_at_month_end.period_month,
        customers_at_month_end.region_code,
        customers_at_month_end.rep_id,
        count(covered_accounts.account_id) as n_covered,
        count(*) as n_customers
    from customers_at_month_end
    left join covered_accounts
        on
            customers_at_month_end.period_month = covered_accounts.period_month
            and customers_at_month_end.account_id = covered_accounts.account_id
    group by
        customers_at_month_end.period_month,
        customers_at_month_end.region_code,
        customers_at_month_end.rep_id

),

components as (

    {#- three totals of the open pipeline: kpi_code -> column of open_pipeline #}
    {%- for kpi_code, column in [
        ('pipeline_open_value_eur', 'open_value_eur'),
        ('pipeline_open_count', 'open_count'),
        ('pipeline_weighted_value_eur', 'weighted_value_eur'),
    ] %}
        select
            period_month,
            '{{ kpi_code }}' as kpi_code,
            region_code,
            rep_id,
            {{ column }} as numerator,
            cast(null as double) as denominator,
            cast(null as double) as sum_sq
        from open_pipeline
        union all
    {%- endfor %}
    -- 0/1 outcomes: sum of squares equals the sum
    select
        period_month,
        'account_activity_coverage' as kpi_code,
        region_code,
        rep_id,
        n_covered as numerator,
        n_customers as denominator,
        n_covered as sum_sq
    from coverage

),

final as (

    {{ kpi_components(['components']) }}

)

select * from final
