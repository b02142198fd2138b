{#- One row per customer (account with a contract in force at some time) and month from the
    month of its first contract start: status at month end, MRR, the trailing-12-month
    margin and cost to serve, and the customer value of kpis.md (active months only). -#}
with

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

customer_values as (

    select * from {{ ref('int_customer_values_monthly') }}

),

accounts as (

    select * from {{ ref('int_accounts_attributed') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

final as (

    select
        customer_months.account_id,
        customer_months.period_month,
        customer_months.month_end_date,
        accounts.region_code,
        accounts.owner_user_id as rep_id,
        customer_months.first_contract_start_date,
        customer_months.tenure_months,
        customer_months.is_active,
        customer_months.was_active_prev_eom,
        customer_months.is_new,
        customer_months.is_churned,
        customer_months.is_reactivated,
        customer_months.churn_reason,
        customer_months.mrr_eur,
        customer_months.mrr_eur_prev_eom,
        customer_values.ttm_contribution_margin_eur,
        customer_values.ttm_service_cost_eur,
        customer_values.customer_value_eur
    from customer_months
    inner join month_spine
        on customer_months.period_month = month_spine.period_month
    left join accounts
        on customer_months.account_id = accounts.account_id
    left join customer_values
        on
            customer_months.account_id = customer_values.account_id
            and customer_months.period_month = customer_values.period_month
    -- complete months only, like fct_kpi_monthly (docs/complete_months.md)
    where month_spine.is_complete_month

)

select * from final
