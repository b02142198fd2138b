{#- One owner of "whose and where is a lead": the lead owner is the rep, the region is the
    lead's own (country/state) and, for a lead without a mapped region, the owner's home
    region, else unassigned (sources.md). Lead KPIs (conversion's new leads, lead quality's
    decided leads) read lead attribution here. -#}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

users as (

    select * from {{ ref('stg_crm__users') }}

),

final as (

    select
        leads.lead_id,
        leads.owner_user_id,
        leads.created_at,
        leads.converted_date,
        leads.disqualified_date,
        leads.disqualification_reason,
        {{ attributed_region_code('leads.region_code', 'users.region_code') }} as region_code
    from leads
    left join users on leads.owner_user_id = users.user_id

)

select * from final
