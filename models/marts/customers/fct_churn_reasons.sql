{#- Why customers leave (kpis.md churn "Reasons"): accounts churned in the month (active at
    the previous EOM, not at EOM) by region and the cancellation reason of the contract that
    ended, with the MRR they took with them (at the previous EOM, previous month's rate).
    Same population and attribution as churned_customers, so the accounts add up to it;
    complete months only, like fct_kpi_monthly (docs/complete_months.md). -#}
with

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

accounts as (

    select * from {{ ref('int_accounts_attributed') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

final as (

    select
        customer_months.period_month,
        accounts.region_code,
        customer_months.churn_reason,
        count(*) as churned_account_count,
        sum(customer_months.mrr_eur_prev_eom) as lost_mrr_eur
    from customer_months
    inner join accounts
        on customer_months.account_id = accounts.account_id
    inner join month_spine
        on customer_months.period_month = month_spine.period_month
    where customer_months.is_churned and month_spine.is_complete_month
    group by
        customer_months.period_month,
        accounts.region_code,
        customer_months.churn_reason

)

select * from final
