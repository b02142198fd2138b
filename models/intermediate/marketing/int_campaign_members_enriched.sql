{#- Campaign members with what the campaign KPIs and marts need: the contact month, whether
    and when the member responded, and the campaign's region.
    A member counts as responded when has_responded is set or a first_responded_date exists
    (either is evidence of a response). Region is the campaign's target region (unassigned for
    a national campaign or an unknown code, as for the campaign's costs). Members of a
    campaign that is not staged (soft-deleted or quarantined; staging keeps them with a
    warning) are left out: without the campaign there is no region, step structure or cost,
    and responses must come from the same campaigns as the cost they are divided into. -#}
with

campaign_members as (

    select * from {{ ref('stg_crm__campaign_members') }}

),

campaigns as (

    select * from {{ ref('stg_crm__campaigns') }}

),

final as (

    select
        campaign_members.campaign_member_id,
        campaign_members.campaign_id,
        {{ attributed_region_code('campaigns.region_code') }} as region_code,
        campaign_members.step_number,
        campaign_members.lead_id,
        campaign_members.contact_id,
        campaign_members.first_responded_date,
        cast(campaign_members.contacted_at as date) as contacted_date,
        cast(date_trunc('month', campaign_members.contacted_at) as date) as contacted_month,
        cast(date_trunc('month', campaign_members.first_responded_date) as date)
            as first_responded_month,
        coalesce(campaign_members.has_responded, false)
        or campaign_members.first_responded_date is not null as has_responded
    from campaign_members
    inner join campaigns
        on campaign_members.campaign_id = campaigns.campaign_id

)

select * from final
