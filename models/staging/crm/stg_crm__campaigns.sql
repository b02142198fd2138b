with

base as (

    select * from {{ ref('base_crm__campaigns') }}

),

final as (

    select
        base.campaign_id,
        base.campaign_name,
        base.campaign_type,
        base.channel,
        base.is_multi_step,
        base.number_of_steps,
        {{ mapped_region_code('base.region_code') }} as region_code,
        base.start_date,
        base.end_date,
        base.budgeted_cost,
        base.actual_cost,
        base.currency_iso_code,
        base.modified_at,
        {{ to_eur('base.budgeted_cost', 'base.currency_iso_code', 'base.start_date') }}
            as budgeted_cost_eur,
        {{ to_eur('base.actual_cost', 'base.currency_iso_code', 'base.start_date') }}
            as actual_cost_eur
    from base
    where base.row_disposition = 'staged'

)

select * from final
