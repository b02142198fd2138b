with

base as (

    select * from {{ ref('base_crm__campaign_members') }}

),

final as (

    select
        base.campaign_member_id,
        base.campaign_id,
        base.lead_id,
        base.contact_id,
        base.contacted_at,
        base.step_number,
        base.has_responded,
        base.first_responded_date,
        base.modified_at
    from base
    where base.row_disposition = 'staged'

)

select * from final
