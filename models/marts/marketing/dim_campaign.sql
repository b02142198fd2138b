{#- One row per campaign. Budget and actual cost in EUR at the rate of the campaign's start
    month (as staged), so the two compare at one rate; the KPIs instead convert each month's
    share of the cost at that month's rate (int_campaign_costs_monthly). -#}
with

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

),

final as (

    select
        campaign_id,
        campaign_name,
        campaign_type,
        channel,
        number_of_steps as step_count,
        {{ attributed_region_code('region_code') }} as region_code,
        start_date,
        end_date,
        currency_iso_code,
        budgeted_cost,
        actual_cost,
        budgeted_cost_eur,
        actual_cost_eur,
        -- the flag where given, else derived from the step count
        coalesce(is_multi_step, number_of_steps > 1) as is_multi_step
    from campaigns

)

select * from final
