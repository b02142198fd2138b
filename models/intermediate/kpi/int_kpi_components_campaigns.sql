{#- campaigns family (kpis.md): region and company grain only, rep_id is null.
    campaign_response_rate: members contacted in the month (contacted_at), x = 1 when the
    member responded (at any time up to the extract, so the latest months are still filling).
    campaign_cost_per_response_eur: campaign cost of the month (int_campaign_costs_monthly,
    spread over campaign days) / members whose first response falls in the month; both by the
    campaign's region. A month with cost but no response has denominator 0 (value null); a
    month with responses but no cost (responses after the campaign ended) has numerator 0.
    campaign_new_customer_share: won opportunities closed in the month with a campaign_id,
    x = 1 for type new_business; region = the opportunity's account region
    (int_opportunities_attributed).
    A running campaign's cost is spread into months after the extract too: those months are
    cut off at the last month of int_month_spine (no fact for a month that has not happened).
    A national campaign (no region_code) or one whose code region_mapping does not know
    counts under the unassigned region (no owner or account to fall back to), so company =
    sum of regions holds. -#}
with

campaign_members as (

    select * from {{ ref('int_campaign_members_enriched') }}

),

campaign_costs as (

    select * from {{ ref('int_campaign_costs_monthly') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_attributed') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

response_rate as (

    select
        contacted_month as period_month,
        'campaign_response_rate' as kpi_code,
        region_code,
        cast(null as varchar) as rep_id,
        cast(count(*) filter (where has_responded) as double) as numerator,
        cast(count(*) as double) as denominator,
        -- 0/1 outcomes: x squared is x
        cast(count(*) filter (where has_responded) as double) as sum_sq
    from campaign_members
    where contacted_month is not null
    group by
        contacted_month,
        region_code

),

monthly_costs as (

    select
        period_month,
        region_code,
        sum(actual_cost_eur) as cost_eur
    from campaign_costs
    where period_month <= (select max(month_spine.period_month) from month_spine)
    group by
        period_month,
        region_code

),

monthly_responses as (

    select
        first_responded_month as period_month,
        region_code,
        count(*) as response_count
    from campaign_members
    where first_responded_month is not null
    group by
        first_responded_month,
        region_code

),

cost_per_response as (

    select
        coalesce(monthly_costs.period_month, monthly_responses.period_month) as period_month,
        'campaign_cost_per_response_eur' as kpi_code,
        coalesce(monthly_costs.region_code, monthly_responses.region_code) as region_code,
        cast(null as varchar) as rep_id,
        cast(coalesce(monthly_costs.cost_eur, 0) as double) as numerator,
        cast(coalesce(monthly_responses.response_count, 0) as double) as denominator,
        cast(null as double) as sum_sq
    from monthly_costs
    full outer join monthly_responses
        on
            monthly_costs.period_month = monthly_responses.period_month
            and monthly_costs.region_code is not distinct from monthly_responses.region_code

),

new_customer_share as (

    select
        cast(date_trunc('month', close_date) as date) as period_month,
        'campaign_new_customer_share' as kpi_code,
        region_code,
        cast(null as varchar) as rep_id,
        cast(count(*) filter (where opportunity_type = 'new_business') as double) as numerator,
        cast(count(*) as double) as denominator,
        cast(count(*) filter (where opportunity_type = 'new_business') as double) as sum_sq
    from opportunities
    where is_won and campaign_id is not null and close_date is not null
    group by
        cast(date_trunc('month', close_date) as date),
        region_code

),

final as (

    {{ kpi_components(['response_rate', 'cost_per_response', 'new_customer_share']) }}

)

select * from final
