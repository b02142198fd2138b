{#- lead_quality family (kpis.md): rep = lead owner, region = the lead's region (else the
    owner's home region), both from int_leads_decided.
    lead_qualification_rate: leads decided in the month, x = 1 when converted (a lead with both
    dates counts once, as converted). avg_lead_conversion_days: leads converted in the month,
    x = converted_date - created_date. Undecided leads never count. -#}
with

leads_decided as (

    select * from {{ ref('int_leads_decided') }}

),

qualification as (

    select
        decision_month as period_month,
        'lead_qualification_rate' as kpi_code,
        region_code,
        owner_user_id as rep_id,
        cast(count(*) filter (where is_converted) as double) as numerator,
        cast(count(*) as double) as denominator,
        -- 0/1 outcomes: x squared is x
        cast(count(*) filter (where is_converted) as double) as sum_sq
    from leads_decided
    group by
        decision_month,
        region_code,
        owner_user_id

),

conversion_days as (

    select
        decision_month as period_month,
        'avg_lead_conversion_days' as kpi_code,
        region_code,
        owner_user_id as rep_id,
        cast(sum(days_to_conversion) as double) as numerator,
        cast(count(days_to_conversion) as double) as denominator,
        cast(sum(days_to_conversion * days_to_conversion) as double) as sum_sq
    from leads_decided
    where is_converted and days_to_conversion is not null
    group by
        decision_month,
        region_code,
        owner_user_id

),

final as (

    {{ kpi_components(['qualification', 'conversion_days']) }}

)

select * from final
