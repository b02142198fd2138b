{#- Response rate per campaign step: one row per campaign x step that has members (a
    single-step campaign has one row, step 1). Campaign totals are in
    fct_campaign_performance. -#}
with

campaigns as (

    select * from {{ ref('dim_campaign') }}

),

campaign_members as (

    select * from {{ ref('int_campaign_members_enriched') }}

),

step_totals as (

    select
        campaign_id,
        step_number,
        count(*) as member_count,
        count(*) filter (where has_responded) as response_count
    from campaign_members
    where step_number is not null
    group by
        campaign_id,
        step_number

),

final as (

    select
        step_totals.campaign_id,
        step_totals.step_number,
        campaigns.is_multi_step,
        step_totals.member_count,
        step_totals.response_count,
        {{ safe_divide('step_totals.response_count', 'step_totals.member_count') }} * 100
            as response_rate_pct,
        -- the same rate as a fraction for BI percent formats (docs/bi_conventions.md)
        {{ safe_divide('step_totals.response_count', 'step_totals.member_count') }}
            as response_rate_ratio
    from step_totals
    inner join campaigns
        on step_totals.campaign_id = campaigns.campaign_id

)

select * from final
