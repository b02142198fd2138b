{#- Opportunity stages in sales-process order. The offer stage is 'proposal': a stage counts as
    "offer stage or later" when it sorts at or after proposal, closed_lost excluded (a deal lost
    in qualification never saw an offer; the history tells whether a lost deal did). -#}
with

opportunity_stage as (

    select * from {{ ref('opportunity_stage') }}

),

cleaned as (

    select
        {{ picklist_code('stage_name') }} as stage_code,
        {{ clean_string('stage_name') }} as stage_label,
        cast(sort_order as integer) as stage_sort_order,
        cast(is_closed as boolean) as is_closed,
        cast(is_won as boolean) as is_won,
        cast(default_probability as double) as default_probability
    from opportunity_stage

),

offer_stage as (

    select min(stage_sort_order) as offer_sort_order
    from cleaned
    where stage_code = 'proposal'

),

final as (

    select
        cleaned.stage_code,
        cleaned.stage_label,
        cleaned.stage_sort_order,
        cleaned.is_closed,
        cleaned.is_won,
        cleaned.default_probability,
        coalesce(
            cleaned.stage_sort_order >= offer_stage.offer_sort_order
            and cleaned.stage_code != 'closed_lost',
            false
        ) as is_offer_stage_or_later
    from cleaned
    cross join offer_stage

)

select * from final
