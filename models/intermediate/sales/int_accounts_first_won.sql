{#- Per account: its first-ever won opportunity (earliest close_date; ties broken by
    creation, then id, so the choice is deterministic). Its close month is the acquisition
    month and its owner the acquiring rep (attribution of new_customers). -#}
with

opportunities as (

    select * from {{ ref('int_opportunities_attributed') }}

),

first_won as (

    select
        account_id,
        opportunity_id,
        owner_user_id,
        region_code,
        close_date,
        amount_eur
    from opportunities
    where is_won and account_id is not null and close_date is not null
    qualify
        row_number() over (
            partition by account_id
            order by close_date asc, created_date asc, opportunity_id asc
        ) = 1

),

final as (

    select
        account_id,
        opportunity_id as first_won_opportunity_id,
        close_date as first_won_close_date,
        cast(date_trunc('month', close_date) as date) as acquisition_month,
        owner_user_id as acquiring_rep_id,
        region_code,
        amount_eur as first_won_amount_eur
    from first_won

)

select * from final
