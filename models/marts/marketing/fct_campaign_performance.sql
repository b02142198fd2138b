{#- Campaign grain (kpis.md "Per campaign"): one row per campaign with its totals over the
    whole campaign. The response rate per step lives in fct_campaign_step_performance (one
    row per campaign x step), so no total is repeated on step rows and sums stay safe.
    A member is one person contacted at one step (a person reached in three steps is three
    members), as in the CRM and in campaign_response_rate. -#}
with

campaigns as (

    select * from {{ ref('dim_campaign') }}

),

campaign_members as (

    select * from {{ ref('int_campaign_members_enriched') }}

),

campaign_costs as (

    select * from {{ ref('int_campaign_costs_monthly') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_attributed') }}

),

member_totals as (

    select
        campaign_id,
        count(*) as member_count,
        count(distinct coalesce(lead_id, contact_id)) as person_count,
        count(*) filter (where has_responded) as response_count
    from campaign_members
    group by campaign_id

),

cost_totals as (

    select
        campaign_id,
        sum(actual_cost_eur) as actual_cost_eur
    from campaign_costs
    group by campaign_id

),

won_deals as (

    select
        campaign_id,
        count(*) as won_deal_count,
        count(*) filter (where opportunity_type = 'new_business') as won_new_business_count,
        sum(amount_eur) as won_amount_eur
    from opportunities
    where is_won and campaign_id is not null
    group by campaign_id

),

final as (

    select
        campaigns.campaign_id,
        campaigns.is_multi_step,
        campaigns.step_count,
        coalesce(member_totals.member_count, 0) as member_count,
        coalesce(member_totals.person_count, 0) as person_count,
        coalesce(member_totals.response_count, 0) as response_count,
        {{ safe_divide('member_totals.response_count', 'member_totals.member_count') }} * 100
            as response_rate_pct,
        -- the same rate as a fraction for BI percent formats (docs/bi_conventions.md)
        {{ safe_divide('member_totals.response_count', 'member_totals.member_count') }}
            as response_rate_ratio,
        coalesce(won_deals.won_deal_count, 0) as won_deal_count,
        coalesce(won_deals.won_new_business_count, 0) as won_new_business_count,
        coalesce(won_deals.won_amount_eur, 0) as won_amount_eur,
        cost_totals.actual_cost_eur,
        {{ safe_divide('cost_totals.actual_cost_eur', 'member_totals.response_count') }}
            as cost_per_response_eur
    from campaigns
    left join member_totals
        on campaigns.campaign_id = member_totals.campaign_id
    left join cost_totals
        on campaigns.campaign_id = cost_totals.campaign_id
    left join won_deals
        on campaigns.campaign_id = won_deals.campaign_id

)

select * from final
