{#- Leads that have been decided, one row each: converted (converted_date) or disqualified
    (disqualified_date). A lead carrying both dates counts as converted on its converted_date:
    the conversion created an account/opportunity, so the later or earlier disqualification
    flag is stale data and must not count it twice. Undecided leads have no row.
    Rep = lead owner; region = the lead's region, else the owner's home region
    (int_leads_attributed). -#}
with

leads as (

    select * from {{ ref('int_leads_attributed') }}

),

decided as (

    select
        leads.lead_id,
        leads.owner_user_id,
        leads.converted_date,
        leads.disqualification_reason,
        cast(leads.created_at as date) as created_date,
        leads.region_code,
        leads.converted_date is not null as is_converted,
        coalesce(leads.converted_date, leads.disqualified_date) as decision_date
    from leads
    where leads.converted_date is not null or leads.disqualified_date is not null

),

final as (

    select
        lead_id,
        owner_user_id,
        region_code,
        created_date,
        is_converted,
        decision_date,
        cast(date_trunc('month', decision_date) as date) as decision_month,
        case when is_converted then 'converted' else 'disqualified' end as decision,
        case when is_converted then converted_date - created_date end as days_to_conversion,
        case when not is_converted then disqualification_reason end as disqualification_reason
    from decided

)

select * from final
