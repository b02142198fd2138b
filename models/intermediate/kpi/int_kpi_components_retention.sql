{#- Retention family (kpis.md "retention"), rep = account owner, region = account's region
    (else the owner's home region). Stock KPIs are measured at every month end from
    int_customer_months; service cost and contribution margin are booked in their month.
    Accounts missing from staging (e.g. soft-deleted) have no owner or region and are left
    out. -#}
with

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

customer_values as (

    select * from {{ ref('int_customer_values_monthly') }}

),

account_service_costs as (

    select * from {{ ref('int_account_service_costs_monthly') }}

),

account_margins as (

    select * from {{ ref('int_account_margin_monthly') }}

),

accounts as (

    select * from {{ ref('int_accounts_attributed') }}

),

-- zero accounts active at the previous EOM yield no row (not a 0 % rate): there is no
-- base to retain
retention as (

    select
        customer_months.period_month,
        'customer_retention_rate' as kpi_code,
        accounts.region_code,
        accounts.owner_user_id as rep_id,
        count(*) filter (where customer_months.is_active) as numerator,
        count(*) as denominator,
        count(*) filter (where customer_months.is_active) as sum_sq
    from customer_months
    inner join accounts
        on customer_months.account_id = accounts.account_id
    where customer_months.was_active_prev_eom
    group by
        customer_months.period_month,
        accounts.region_code,
        accounts.owner_user_id

),

tenure as (

    select
        customer_months.period_month,
        'avg_customer_tenure_months' as kpi_code,
        accounts.region_code,
        accounts.owner_user_id as rep_id,
        sum(customer_months.tenure_months) as numerator,
        count(*) as denominator,
        sum(customer_months.tenure_months * customer_months.tenure_months) as sum_sq
    from customer_months
    inner join accounts
        on customer_months.account_id = accounts.account_id
    where customer_months.is_active
    group by
        customer_months.period_month,
        accounts.region_code,
        accounts.owner_user_id

),

customer_value as (

    select
        customer_values.period_month,
        'customer_value_eur' as kpi_code,
        accounts.region_code,
        accounts.owner_user_id as rep_id,
        sum(customer_values.customer_value_eur) as numerator,
        count(*) as denominator,
        sum(customer_values.customer_value_eur * customer_values.customer_value_eur) as sum_sq
    from customer_values
    inner join accounts
        on customer_values.account_id = accounts.account_id
    group by
        customer_values.period_month,
        accounts.region_code,
        accounts.owner_user_id

),

-- totals of the month per account owner, one CTE per amount (same query)
{%- for cte_name, monthly_amounts, amount_eur in [
    ('service_cost', 'account_service_costs', 'service_cost_eur'),
    ('contribution_margin', 'account_margins', 'contribution_margin_eur'),
] %}
    {{ cte_name }} as (

        select
            {{ monthly_amounts }}.period_month,
            '{{ amount_eur }}' as kpi_code,
            accounts.region_code,
            accounts.owner_user_id as rep_id,
            sum({{ monthly_amounts }}.{{ amount_eur }}) as numerator,
            cast(null as double) as denominator,
            cast(null as double) as sum_sq
        from {{ monthly_amounts }}
        inner join accounts
            on {{ monthly_amounts }}.account_id = accounts.account_id
        group by
            {{ monthly_amounts }}.period_month,
            accounts.region_code,
            accounts.owner_user_id

    ),
{% endfor %}
final as (

    {{ kpi_components(
        ['retention', 'tenure', 'customer_value', 'service_cost', 'contribution_margin']
    ) }}

)

select * from final
