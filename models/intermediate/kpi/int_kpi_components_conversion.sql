{#- KPI family conversion (kpis.md): rep-grain components. Opportunity KPIs count deals
    closed in the month (close_date) for the opportunity owner; calls and meetings count for
    the activity owner and leads for the lead owner, so the numerator and denominator of a
    ratio may come from different reps: each (month, region, rep) carries its own parts,
    0 where it has none (a zero denominator makes the value null in fct_kpi_monthly). -#}
with

opportunities as (

    select * from {{ ref('int_opportunities_attributed') }}

),

stage_milestones as (

    select * from {{ ref('int_opportunity_stage_milestones') }}

),

activities as (

    select * from {{ ref('int_activities_attributed') }}

),

leads as (

    select * from {{ ref('int_leads_attributed') }}

),

closed_opportunities as (

    select
        cast(date_trunc('month', opportunities.close_date) as date) as period_month,
        opportunities.region_code,
        opportunities.owner_user_id as rep_id,
        opportunities.opportunity_type,
        opportunities.is_won,
        opportunities.amount_eur,
        opportunities.sales_cycle_days,
        coalesce(stage_milestones.has_reached_offer_stage, false) as has_reached_offer_stage
    from opportunities
    left join stage_milestones
        on opportunities.opportunity_id = stage_milestones.opportunity_id
    where opportunities.is_closed and opportunities.close_date is not null

),

won_opportunities as (

    select * from closed_opportunities
    where is_won

),

-- win_rate over every closed deal, offer_win_rate over those that reached the offer stage
closed_deals_by_kpi as (

    select
        period_month,
        'win_rate' as kpi_code,
        region_code,
        rep_id,
        is_won
    from closed_opportunities
    union all
    select
        period_month,
        'offer_win_rate' as kpi_code,
        region_code,
        rep_id,
        is_won
    from closed_opportunities
    where has_reached_offer_stage

),

win_rates as (

    select
        period_month,
        kpi_code,
        region_code,
        rep_id,
        count(*) filter (where is_won) as n_won,
        count(*) as n_closed
    from closed_deals_by_kpi
    group by
        period_month,
        kpi_code,
        region_code,
        rep_id

),

won_deals as (

    select
        period_month,
        region_code,
        rep_id,
        sum(sales_cycle_days) as sum_cycle_days,
        count(sales_cycle_days) as n_cycle,
        sum(sales_cycle_days * sales_cycle_days) as sum_sq_cycle_days,
        sum(amount_eur) as sum_amount_eur,
        count(amount_eur) as n_amount,
        sum(amount_eur * amount_eur) as sum_sq_amount_eur
    from won_opportunities
    group by
        period_month,
        region_code,
        rep_id

),

won_revenue_by_type as (

    select
        period_month,
        region_code,
        rep_id,
        'won_revenue_' || opportunity_type || '_eur' as kpi_code,
        sum(amount_eur) as won_revenue_eur
    from won_opportunities
    where opportunity_type in ('new_business', 'upsell', 'cross_sell', 'deep_sell')
    group by
        period_month,
        opportunity_type,
        region_code,
        rep_id

),

completed_calls as (

    select
        cast(date_trunc('month', activity_date) as date) as period_month,
        region_code,
        owner_user_id as rep_id,
        duration_minutes
    from activities
    where is_call and is_completed and activity_date is not null

),

calls as (

    select
        period_month,
        region_code,
        rep_id,
        count(*) as n_calls,
        sum(duration_minutes) as sum_minutes,
        count(duration_minutes) as n_timed_calls,
        sum(duration_minutes * duration_minutes) as sum_sq_minutes
    from completed_calls
    group by
        period_month,
        region_code,
        rep_id

),

new_leads as (

    select
        cast(date_trunc('month', created_at) as date) as period_month,
        region_code,
        owner_user_id as rep_id,
        count(*) as n_leads
    from leads
    where created_at is not null
    group by
        cast(date_trunc('month', created_at) as date),
        region_code,
        owner_user_id

),

meetings as (

    select
        cast(date_trunc('month', activity_date) as date) as period_month,
        region_code,
        owner_user_id as rep_id,
        count(*) as n_meetings
    from activities
    where
        activity_source = 'event'
        and activity_type in ('meeting', 'webinar')
        and is_completed
        and activity_date is not null
    group by
        cast(date_trunc('month', activity_date) as date),
        region_code,
        owner_user_id

),

new_offers as (

    select
        cast(date_trunc('month', stage_milestones.first_offer_stage_date) as date)
            as period_month,
        opportunities.region_code,
        opportunities.owner_user_id as rep_id,
        count(*) as n_offers
    from stage_milestones
    inner join opportunities
        on stage_milestones.opportunity_id = opportunities.opportunity_id
    where stage_milestones.has_reached_offer_stage
    group by
        cast(date_trunc('month', stage_milestones.first_offer_stage_date) as date),
        opportunities.region_code,
        opportunities.owner_user_id

),

-- ratios of two monthly counts that may come from different reps: each (month, region,
-- rep) with either count gets a row, 0 for the count it lacks
monthly_counts as (

    select
        period_month,
        'calls_per_new_lead' as kpi_code,
        region_code,
        rep_id,
        n_calls as n_numerator,
        0 as n_denominator
    from calls
    union all
    select
        period_month,
        'calls_per_new_lead' as kpi_code,
        region_code,
        rep_id,
        0 as n_numerator,
        n_leads as n_denominator
    from new_leads
    union all
    select
        period_month,
        'meetings_per_offer' as kpi_code,
        region_code,
        rep_id,
        n_meetings as n_numerator,
        0 as n_denominator
    from meetings
    union all
    select
        period_month,
        'meetings_per_offer' as kpi_code,
        region_code,
        rep_id,
        0 as n_numerator,
        n_offers as n_denominator
    from new_offers

),

count_ratios as (

    select
        period_month,
        kpi_code,
        region_code,
        rep_id,
        sum(n_numerator) as n_numerator,
        sum(n_denominator) as n_denominator
    from monthly_counts
    group by
        period_month,
        kpi_code,
        region_code,
        rep_id

),

components as (

    -- 0/1 outcomes: sum of squares equals the sum
    select
        period_month,
        kpi_code,
        region_code,
        rep_id,
        n_won as numerator,
        n_closed as denominator,
        n_won as sum_sq
    from win_rates
    union all
    select
        period_month,
        kpi_code,
        region_code,
        rep_id,
        n_numerator as numerator,
        n_denominator as denominator,
        null as sum_sq
    from count_ratios
    union all
    select
        period_month,
        'avg_sales_cycle_days' as kpi_code,
        region_code,
        rep_id,
        sum_cycle_days as numerator,
        n_cycle as denominator,
        sum_sq_cycle_days as sum_sq
    from won_deals
    where n_cycle > 0
    union all
    select
        period_month,
        'avg_deal_size_eur' as kpi_code,
        region_code,
        rep_id,
        sum_amount_eur as numerator,
        n_amount as denominator,
        sum_sq_amount_eur as sum_sq
    from won_deals
    where n_amount > 0
    union all
    select
        period_month,
        'won_revenue_eur' as kpi_code,
        region_code,
        rep_id,
        sum_amount_eur as numerator,
        null as denominator,
        null as sum_sq
    from won_deals
    union all
    select
        period_month,
        kpi_code,
        region_code,
        rep_id,
        won_revenue_eur as numerator,
        null as denominator,
        null as sum_sq
    from won_revenue_by_type
    union all
    select
        period_month,
        'avg_call_duration_minutes' as kpi_code,
        region_code,
        rep_id,
        sum_minutes as numerator,
        n_timed_calls as denominator,
        sum_sq_minutes as sum_sq
    from calls
    where n_timed_calls > 0

),

final as (

    {{ kpi_components(['components']) }}

)

select * from final
