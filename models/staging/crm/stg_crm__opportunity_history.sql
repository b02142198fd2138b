with

base as (

    select * from {{ ref('base_crm__opportunity_history') }}

),

opportunity_stages as (

    select * from {{ ref('stg_reference__opportunity_stages') }}

),

final as (

    select
        base.opportunity_history_id,
        base.opportunity_id,
        base.changed_at,
        base.stage_code,
        base.amount,
        base.probability,
        base.close_date,
        base.modified_at,
        base.currency_iso_code,
        opportunity_stages.stage_sort_order,
        opportunity_stages.is_offer_stage_or_later,
        opportunity_stages.is_closed as is_closed_stage,
        opportunity_stages.is_won as is_won_stage
    from base
    left join opportunity_stages
        on base.stage_code = opportunity_stages.stage_code
    where base.row_disposition = 'staged'

)

select * from final
