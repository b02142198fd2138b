{#- One row per opportunity in its current state, with the attribution and stage
    milestones the conversion KPIs use, for drill-down from fct_kpi_monthly. -#}
with

opportunities as (

    select * from {{ ref('int_opportunities_attributed') }}

),

stage_milestones as (

    select * from {{ ref('int_opportunity_stage_milestones') }}

),

final as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.owner_user_id as rep_id,
        opportunities.region_code,
        opportunities.opportunity_type,
        opportunities.stage_code,
        opportunities.currency_iso_code,
        opportunities.amount,
        opportunities.amount_eur,
        opportunities.probability,
        opportunities.created_date,
        opportunities.close_date,
        opportunities.is_closed,
        opportunities.is_won,
        cast(opportunities.sales_cycle_days as integer) as sales_cycle_days,
        stage_milestones.furthest_stage_code,
        stage_milestones.first_offer_stage_date,
        opportunities.lead_id,
        opportunities.campaign_id,
        coalesce(stage_milestones.has_reached_offer_stage, false) as has_reached_offer_stage
    from opportunities
    left join stage_milestones
        on opportunities.opportunity_id = stage_milestones.opportunity_id

)

select * from final
