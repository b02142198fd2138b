with

base as (

    select * from {{ ref('base_crm__opportunities') }}

),

opportunity_stages as (

    select * from {{ ref('stg_reference__opportunity_stages') }}

),

final as (

    select
        base.opportunity_id,
        base.account_id,
        base.owner_user_id,
        base.opportunity_name,
        base.opportunity_type,
        base.stage_code,
        base.amount,
        base.currency_iso_code,
        base.probability,
        base.created_at,
        base.close_date,
        base.is_closed,
        base.is_won,
        base.lead_id,
        base.campaign_id,
        base.loss_reason,
        base.modified_at,
        {{ to_eur('base.amount', 'base.currency_iso_code', 'base.close_date') }} as amount_eur,
        opportunity_stages.stage_sort_order,
        opportunity_stages.is_offer_stage_or_later
    from base
    left join opportunity_stages
        on base.stage_code = opportunity_stages.stage_code
    where base.row_disposition = 'staged'

)

select * from final
