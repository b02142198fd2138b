{#- Customer value per account and month end (kpis.md customer_value_eur): trailing-12-month
    contribution margin (invoices dated in this month and the 11 before, credit notes
    negative) minus the service costs booked in the same 12 months. Amounts stay at the rate
    of their own invoice month (a margin is realised in its month). Defined for accounts
    active at EOM only: the KPI averages over the active base. -#}
with

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

account_margins as (

    select * from {{ ref('int_account_margin_monthly') }}

),

account_service_costs as (

    select * from {{ ref('int_account_service_costs_monthly') }}

),

-- each amount summed over the account's trailing 12 months, one CTE per amount (same query)
{%- for cte_name, monthly_amounts, amount_eur in [
    ('trailing_margins', 'account_margins', 'contribution_margin_eur'),
    ('trailing_service_costs', 'account_service_costs', 'service_cost_eur'),
] %}
    {{ cte_name }} as (

        select
            customer_months.account_id,
            customer_months.period_month,
            sum({{ monthly_amounts }}.{{ amount_eur }}) as {{ amount_eur }}
        from customer_months
        inner join {{ monthly_amounts }}
            on
                customer_months.account_id = {{ monthly_amounts }}.account_id
                and {{ monthly_amounts }}.period_month
                between customer_months.period_month - interval 11 month
                and customer_months.period_month
        where customer_months.is_active
        group by
            customer_months.account_id,
            customer_months.period_month

    ),
{% endfor %}
final as (

    select
        customer_months.account_id,
        customer_months.period_month,
        coalesce(trailing_margins.contribution_margin_eur, 0) as ttm_contribution_margin_eur,
        coalesce(trailing_service_costs.service_cost_eur, 0) as ttm_service_cost_eur,
        coalesce(trailing_margins.contribution_margin_eur, 0)
        - coalesce(trailing_service_costs.service_cost_eur, 0) as customer_value_eur
    from customer_months
    left join trailing_margins
        on
            customer_months.account_id = trailing_margins.account_id
            and customer_months.period_month = trailing_margins.period_month
    left join trailing_service_costs
        on
            customer_months.account_id = trailing_service_costs.account_id
            and customer_months.period_month = trailing_service_costs.period_month
    where customer_months.is_active

)

select * from final
