{#- Churn family (kpis.md "churn"), rep = account owner, region = account's region (else
    the owner's home region). The population of a month is every account active at the
    previous EOM or at EOM, so a rep with customers but no churn gets an explicit 0 for
    churned_customers and logo_churn_rate; a rep with no account active at the previous EOM
    gets no churn-rate rows (no base to lose), only net_customer_change. -#}
with

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

accounts as (

    select * from {{ ref('int_accounts_attributed') }}

),

population as (

    select
        customer_months.period_month,
        customer_months.is_active,
        customer_months.was_active_prev_eom,
        customer_months.is_churned,
        customer_months.mrr_eur_prev_eom,
        accounts.region_code,
        accounts.owner_user_id as rep_id
    from customer_months
    inner join accounts
        on customer_months.account_id = accounts.account_id
    where customer_months.is_active or customer_months.was_active_prev_eom

),

-- the base of the churn rates: every account active at the previous EOM
prev_eom_base as (

    select
        period_month,
        region_code,
        rep_id,
        count(*) as customer_count,
        count(*) filter (where is_churned) as churned_count,
        -- MRR at the previous EOM, converted at the previous month's rate (the MRR as it
        -- stood then)
        sum(mrr_eur_prev_eom) as mrr_eur,
        coalesce(sum(mrr_eur_prev_eom) filter (where is_churned), 0) as churned_mrr_eur
    from population
    where was_active_prev_eom
    group by
        period_month,
        region_code,
        rep_id

),

churn_components as (

    select
        period_month,
        'churned_customers' as kpi_code,
        region_code,
        rep_id,
        churned_count as numerator,
        cast(null as double) as denominator,
        cast(null as double) as sum_sq
    from prev_eom_base
    union all
    -- 0/1 outcomes: sum of squares equals the sum
    select
        period_month,
        'logo_churn_rate' as kpi_code,
        region_code,
        rep_id,
        churned_count as numerator,
        customer_count as denominator,
        churned_count as sum_sq
    from prev_eom_base
    union all
    select
        period_month,
        'revenue_churn_rate' as kpi_code,
        region_code,
        rep_id,
        churned_mrr_eur as numerator,
        mrr_eur as denominator,
        cast(null as double) as sum_sq
    from prev_eom_base

),

net_customer_change as (

    select
        period_month,
        'net_customer_change' as kpi_code,
        region_code,
        rep_id,
        count(*) filter (where is_active)
        - count(*) filter (where was_active_prev_eom) as numerator,
        cast(null as double) as denominator,
        cast(null as double) as sum_sq
    from population
    group by
        period_month,
        region_code,
        rep_id

),

final as (

    {{ kpi_components(['churn_components', 'net_customer_change']) }}

)

select * from final
