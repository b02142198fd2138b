{#- KPI family new_business (kpis.md): rep-grain components.
    - new_customers: accounts whose first-ever won deal closes in the month (rep: owner of
      that deal, region: its record's region).
    - new-customer net revenue / contribution margin: invoice months from the acquisition
      month through the 11 months after it (the first 12 months of the customer), rep and
      region of the account (account owner).
    - customer_acquisition_cost_eur (region and company grain, no rep): campaign cost of the
      month in the campaign's region ÷ new customers of the month in that region, from the
      first month with campaign costs on record; a national campaign's cost counts under the
      unassigned region (divided by the new customers of that region).
    - avg_months_to_break_even: a customer breaks even at the first month end at which its
      contribution margin cumulated from the acquisition month reaches the company CAC of its
      acquisition month; x = whole months from acquisition month to that month. Only
      customers acquired once both campaign costs and invoices are on record can be
      measured (an older customer's CAC or early margin is unknown). -#}
with

first_won as (

    select * from {{ ref('int_accounts_first_won') }}

),

accounts as (

    select * from {{ ref('int_accounts_attributed') }}

),

account_margin as (

    select * from {{ ref('int_account_margin_monthly') }}

),

campaign_costs as (

    select * from {{ ref('int_campaign_costs_monthly') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

new_customers as (

    select
        acquisition_month as period_month,
        region_code,
        acquiring_rep_id as rep_id,
        count(*) as n_new_customers
    from first_won
    group by
        acquisition_month,
        region_code,
        acquiring_rep_id

),

new_customer_margin as (

    select
        account_margin.period_month,
        accounts.region_code,
        accounts.owner_user_id as rep_id,
        sum(account_margin.net_revenue_eur) as net_revenue_eur,
        sum(account_margin.contribution_margin_eur) as contribution_margin_eur
    from account_margin
    inner join first_won
        on account_margin.account_id = first_won.account_id
    inner join accounts
        on account_margin.account_id = accounts.account_id
    where
        account_margin.period_month >= first_won.acquisition_month
        and account_margin.period_month < first_won.acquisition_month + interval 12 month
    group by
        account_margin.period_month,
        accounts.region_code,
        accounts.owner_user_id

),

campaign_cost_by_region as (

    select
        period_month,
        region_code,
        sum(actual_cost_eur) as cost_eur
    from campaign_costs
    group by
        period_month,
        region_code

),

new_customers_by_region as (

    select
        period_month,
        region_code,
        sum(n_new_customers) as n_new_customers
    from new_customers
    group by
        period_month,
        region_code

),

acquisition_cost as (

    select
        coalesce(
            campaign_cost_by_region.period_month, new_customers_by_region.period_month
        ) as period_month,
        coalesce(
            campaign_cost_by_region.region_code, new_customers_by_region.region_code
        ) as region_code,
        coalesce(campaign_cost_by_region.cost_eur, 0) as cost_eur,
        coalesce(new_customers_by_region.n_new_customers, 0) as n_new_customers
    from campaign_cost_by_region
    full outer join new_customers_by_region
        on
            campaign_cost_by_region.period_month = new_customers_by_region.period_month
            and campaign_cost_by_region.region_code
            is not distinct from new_customers_by_region.region_code

),

-- before the first campaign cost on record the cost is unknown, not 0; months after the
-- extract (a campaign running past it) are not measured yet
acquisition_cost_measured as (

    select
        period_month,
        region_code,
        cost_eur,
        n_new_customers
    from acquisition_cost
    where
        period_month >= (select min(campaign_costs.period_month) from campaign_costs)
        and period_month <= (select max(month_spine.period_month) from month_spine)

),

company_cac as (

    select
        period_month,
        {{ safe_divide('sum(cost_eur)', 'sum(n_new_customers)') }} as cac_eur
    from acquisition_cost
    group by period_month

),

measurable_from as (

    select
        greatest(
            (select min(period_month) from campaign_costs),
            (select min(period_month) from account_margin)
        ) as first_period_month

),

measurable_customers as (

    select
        first_won.account_id,
        first_won.acquisition_month,
        company_cac.cac_eur
    from first_won
    inner join company_cac
        on first_won.acquisition_month = company_cac.period_month
    inner join measurable_from
        on first_won.acquisition_month >= measurable_from.first_period_month
    where company_cac.cac_eur is not null

),

cumulative_margin as (

    select
        measurable_customers.account_id,
        measurable_customers.acquisition_month,
        measurable_customers.cac_eur,
        month_spine.period_month,
        sum(coalesce(account_margin.contribution_margin_eur, 0)) over (
            partition by measurable_customers.account_id
            order by month_spine.period_month asc
            rows between unbounded preceding and current row
        ) as cumulative_margin_eur
    from measurable_customers
    inner join month_spine
        on measurable_customers.acquisition_month <= month_spine.period_month
    left join account_margin
        on
            measurable_customers.account_id = account_margin.account_id
            and month_spine.period_month = account_margin.period_month

),

break_even as (

    select
        account_id,
        acquisition_month,
        min(period_month) as break_even_month
    from cumulative_margin
    where cumulative_margin_eur >= cac_eur
    group by
        account_id,
        acquisition_month

),

months_to_break_even as (

    select
        break_even.break_even_month as period_month,
        accounts.region_code,
        accounts.owner_user_id as rep_id,
        sum(date_diff('month', break_even.acquisition_month, break_even.break_even_month))
            as sum_months,
        count(*) as n_customers,
        sum(
            date_diff('month', break_even.acquisition_month, break_even.break_even_month)
            * date_diff('month', break_even.acquisition_month, break_even.break_even_month)
        ) as sum_sq_months
    from break_even
    inner join accounts
        on break_even.account_id = accounts.account_id
    group by
        break_even.break_even_month,
        accounts.region_code,
        accounts.owner_user_id

),

components as (

    select
        period_month,
        'new_customers' as kpi_code,
        region_code,
        rep_id,
        n_new_customers as numerator,
        null as denominator,
        null as sum_sq
    from new_customers
    union all
    {%- for kpi_code, amount_eur in [
        ('new_customer_net_revenue_eur', 'net_revenue_eur'),
        ('new_customer_contribution_margin_eur', 'contribution_margin_eur'),
    ] %}
        select
            period_month,
            '{{ kpi_code }}' as kpi_code,
            region_code,
            rep_id,
            {{ amount_eur }} as numerator,
            null as denominator,
            null as sum_sq
        from new_customer_margin
        union all
    {%- endfor %}
    select
        period_month,
        'customer_acquisition_cost_eur' as kpi_code,
        region_code,
        null as rep_id,
        cost_eur as numerator,
        n_new_customers as denominator,
        null as sum_sq
    from acquisition_cost_measured
    union all
    select
        period_month,
        'avg_months_to_break_even' as kpi_code,
        region_code,
        rep_id,
        sum_months as numerator,
        n_customers as denominator,
        sum_sq_months as sum_sq
    from months_to_break_even

),

final as (

    {{ kpi_components(['components']) }}

)

select * from final
