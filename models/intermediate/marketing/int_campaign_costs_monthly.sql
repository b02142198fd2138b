{#- A campaign's actual cost spread evenly over its days (start_date .. end_date inclusive)
    and summed per calendar month: the month's share is its active days / campaign days.
    The share is converted to EUR at the rate of the month it falls in (the fact's month,
    house rule), not at the start month's rate staging uses for actual_cost_eur.
    A campaign without end_date, or ending before it starts, is treated as a one-day
    campaign on start_date (its cost must land somewhere; staging does not quarantine it).
    A campaign without start_date or actual_cost has no cost to spread: no rows.
    A national campaign (no region_code) or one whose code region_mapping does not know counts
    under the unassigned region (a campaign has no owner or account to fall back to). -#}
with

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

),

campaign_periods as (

    select
        campaign_id,
        {{ attributed_region_code('region_code') }} as region_code,
        currency_iso_code,
        actual_cost,
        start_date,
        case
            when end_date is null or end_date < start_date then start_date
            else end_date
        end as end_date
    from campaigns
    where start_date is not null and actual_cost is not null

),

campaign_months as (

    select
        campaign_periods.*,
        cast(
            unnest(
                generate_series(
                    cast(date_trunc('month', campaign_periods.start_date) as date),
                    cast(date_trunc('month', campaign_periods.end_date) as date),
                    interval 1 month
                )
            ) as date
        ) as period_month
    from campaign_periods

),

month_shares as (

    select
        campaign_id,
        period_month,
        region_code,
        currency_iso_code,
        actual_cost,
        datediff('day', start_date, end_date) + 1 as campaign_days,
        datediff(
            'day',
            greatest(start_date, period_month),
            least(end_date, {{ eom('period_month') }})
        ) + 1 as active_days
    from campaign_months

),

month_costs as (

    select
        campaign_id,
        period_month,
        region_code,
        currency_iso_code,
        campaign_days,
        active_days,
        cast(active_days as double) / campaign_days as month_share,
        -- multiply before dividing: 300 x 10 / 30 is exactly 100
        actual_cost * active_days / campaign_days as actual_cost
    from month_shares

),

final as (

    select
        month_costs.campaign_id,
        month_costs.period_month,
        month_costs.region_code,
        month_costs.currency_iso_code,
        month_costs.campaign_days,
        month_costs.active_days,
        month_costs.month_share,
        month_costs.actual_cost,
        -- qualified: to_eur's subquery would otherwise bind currency_iso_code to its own table
        {{ to_eur(
            'month_costs.actual_cost',
            'month_costs.currency_iso_code',
            'month_costs.period_month'
        ) }} as actual_cost_eur
    from month_costs

)

select * from final
