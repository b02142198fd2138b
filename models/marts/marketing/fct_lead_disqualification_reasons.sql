{#- Why leads are disqualified: one row per month x region x reason with at least one lead
    disqualified (int_leads_decided: a lead that was also converted counts as converted,
    not here). A disqualification without a reason is reported as 'unspecified' so every
    lead is counted and the key stays complete. Complete months only, like fct_kpi_monthly
    (docs/complete_months.md): never a month after the extract's cut-off. -#}
with

leads_decided as (

    select * from {{ ref('int_leads_decided') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

final as (

    select
        leads_decided.decision_month as period_month,
        leads_decided.region_code,
        coalesce(leads_decided.disqualification_reason, 'unspecified')
            as disqualification_reason,
        count(*) as disqualified_lead_count
    from leads_decided
    inner join month_spine
        on leads_decided.decision_month = month_spine.period_month
    where not leads_decided.is_converted and month_spine.is_complete_month
    group by
        leads_decided.decision_month,
        leads_decided.region_code,
        coalesce(leads_decided.disqualification_reason, 'unspecified')

)

select * from final
