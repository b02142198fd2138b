{#- Per opportunity: when it first reached the offer stage (Proposal or later, closed_lost
    excluded: stg_reference__opportunity_stages) and the furthest stage it reached.
    The history is the evidence; the current record is added as one more state dated at
    its last change, because the history of a few deals stops before their last stage
    (the record then proves the stage was reached by modified_at at the latest). -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

opportunity_history as (

    select * from {{ ref('stg_crm__opportunity_history') }}

),

stage_evidence as (

    select
        opportunity_id,
        changed_at as reached_at,
        stage_code,
        stage_sort_order,
        is_offer_stage_or_later
    from opportunity_history
    union all
    select
        opportunity_id,
        modified_at as reached_at,
        stage_code,
        stage_sort_order,
        is_offer_stage_or_later
    from opportunities

),

offer_reached as (

    select
        opportunity_id,
        min(reached_at) as first_offer_stage_at
    from stage_evidence
    where is_offer_stage_or_later
    group by opportunity_id

),

-- closed_lost sorts last but is an exit, not progress: the furthest stage is the furthest
-- one worked in
furthest as (

    select
        opportunity_id,
        stage_code as furthest_stage_code,
        stage_sort_order as furthest_stage_sort_order
    from stage_evidence
    where stage_code != 'closed_lost'
    qualify
        row_number() over (
            partition by opportunity_id
            order by stage_sort_order desc, reached_at asc
        ) = 1

),

final as (

    select
        opportunities.opportunity_id,
        offer_reached.first_offer_stage_at,
        cast(offer_reached.first_offer_stage_at as date) as first_offer_stage_date,
        furthest.furthest_stage_code,
        furthest.furthest_stage_sort_order,
        offer_reached.first_offer_stage_at is not null as has_reached_offer_stage
    from opportunities
    left join offer_reached
        on opportunities.opportunity_id = offer_reached.opportunity_id
    left join furthest
        on opportunities.opportunity_id = furthest.opportunity_id

)

select * from final
