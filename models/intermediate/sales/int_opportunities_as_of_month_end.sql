{#- Point-in-time pipeline: for every month end of int_month_spine from the month of the
    first opportunity on, each opportunity created on/before EOM in its last
    opportunity_history state on or before EOM (stage, amount, probability), never today's
    state. A re-opened deal is open again from the history row that re-opens it.
    Two gaps in the extract are handled explicitly:
      - before its first history row an opportunity has no known state and is left out;
      - a deal the current record shows closed, whose history stops before its close_date
        (the closing row is missing), counts as closed from close_date on in the record's
        stage; otherwise it would stay in the open pipeline forever.
    Amounts in EUR at the rate of the snapshot's month. -#}
with

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

opportunity_history as (

    select * from {{ ref('stg_crm__opportunity_history') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_attributed') }}

),

first_opportunity_month as (

    select cast(date_trunc('month', min(created_date)) as date) as first_period_month
    from opportunities

),

month_ends as (

    select
        month_spine.period_month,
        month_spine.month_end_date
    from month_spine
    inner join first_opportunity_month
        on month_spine.period_month >= first_opportunity_month.first_period_month

),

-- each history state is valid from its change until the next change of the opportunity
history_states as (

    select
        opportunity_id,
        changed_at as valid_from_at,
        stage_code,
        amount,
        currency_iso_code,
        probability,
        is_closed_stage,
        is_won_stage,
        lead(changed_at) over (
            partition by opportunity_id
            order by changed_at asc, opportunity_history_id asc
        ) as valid_to_at
    from opportunity_history

),

states_at_month_end as (

    select
        month_ends.period_month,
        month_ends.month_end_date,
        history_states.opportunity_id,
        history_states.valid_from_at,
        history_states.stage_code,
        history_states.amount,
        history_states.currency_iso_code,
        history_states.probability,
        history_states.is_closed_stage,
        history_states.is_won_stage
    from history_states
    inner join month_ends
        on
            cast(history_states.valid_from_at as date) <= month_ends.month_end_date
            and (
                history_states.valid_to_at is null
                or cast(history_states.valid_to_at as date) > month_ends.month_end_date
            )

),

resolved as (

    select
        states_at_month_end.period_month,
        states_at_month_end.month_end_date,
        opportunities.opportunity_id,
        opportunities.owner_user_id,
        opportunities.account_id,
        opportunities.region_code,
        opportunities.opportunity_type,
        states_at_month_end.valid_from_at as state_changed_at,
        states_at_month_end.stage_code as history_stage_code,
        states_at_month_end.amount as history_amount,
        states_at_month_end.probability as history_probability,
        states_at_month_end.is_closed_stage,
        states_at_month_end.is_won_stage,
        opportunities.stage_code as record_stage_code,
        opportunities.amount as record_amount,
        opportunities.probability as record_probability,
        opportunities.is_won as record_is_won,
        coalesce(
            opportunities.is_closed
            and opportunities.close_date <= states_at_month_end.month_end_date
            and cast(states_at_month_end.valid_from_at as date) < opportunities.close_date
            and not states_at_month_end.is_closed_stage,
            false
        ) as is_closed_by_record,
        coalesce(
            states_at_month_end.currency_iso_code, opportunities.currency_iso_code
        ) as currency_iso_code
    from states_at_month_end
    inner join opportunities
        on states_at_month_end.opportunity_id = opportunities.opportunity_id
    where opportunities.created_date <= states_at_month_end.month_end_date

),

final as (

    select
        resolved.period_month,
        resolved.month_end_date,
        resolved.opportunity_id,
        resolved.owner_user_id,
        resolved.account_id,
        resolved.region_code,
        resolved.opportunity_type,
        resolved.state_changed_at,
        resolved.is_closed_by_record,
        resolved.currency_iso_code,
        case
            when resolved.is_closed_by_record then resolved.record_stage_code
            else resolved.history_stage_code
        end as stage_code,
        case
            when resolved.is_closed_by_record then resolved.record_amount
            else resolved.history_amount
        end as amount,
        -- qualified: the macro's subquery has columns of the same names
        {{ to_eur(
            'case when resolved.is_closed_by_record then resolved.record_amount'
            ~ ' else resolved.history_amount end',
            'resolved.currency_iso_code',
            'resolved.period_month'
        ) }} as amount_eur,
        case
            when resolved.is_closed_by_record then resolved.record_probability
            else resolved.history_probability
        end as probability,
        resolved.is_closed_by_record or resolved.is_closed_stage as is_closed,
        case
            when resolved.is_closed_by_record then resolved.record_is_won
            else resolved.is_won_stage
        end as is_won,
        not(resolved.is_closed_by_record or resolved.is_closed_stage) as is_open
    from resolved

)

select * from final
