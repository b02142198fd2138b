{#- Why leads are disqualified: one row per month x region x reason with at least one lead
    disqualified (int_leads_decided: a lead that was also converted counts as converted,
    not here). A disqualification without a reason is reported as 'unspecified' so every
    lead is counted and the key stays complete. -#}
with

leads_decided as (

    select * from {{ ref('int_leads_decided') }}

),

final as (

    select
        decision_month as period_month,
        region_code,
        coalesce(disqualification_reason, 'unspecified') as disqualification_reason,
        count(*) as disqualified_lead_count
    from leads_decided
    where not is_converted
    group by
        decision_month,
        region_code,
        coalesce(disqualification_reason, 'unspecified')

)

select * from final
