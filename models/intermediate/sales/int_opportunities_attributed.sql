{#- The per-opportunity base of every sales KPI: who the facts belong to (the opportunity
    owner), where (sources.md: the account's region, else the converted lead's, else the
    owner's home region) and the outcome fields the KPIs share, so that e.g. the sales cycle
    is computed once for fct_opportunity and the conversion KPIs alike. -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

users as (

    select * from {{ ref('stg_crm__users') }}

),

final as (

    select
        opportunities.opportunity_id,
        opportunities.owner_user_id,
        opportunities.account_id,
        opportunities.opportunity_type,
        opportunities.stage_code,
        opportunities.currency_iso_code,
        opportunities.amount,
        opportunities.amount_eur,
        opportunities.probability,
        opportunities.close_date,
        opportunities.is_closed,
        opportunities.is_won,
        opportunities.lead_id,
        opportunities.campaign_id,
        opportunities.modified_at,
        cast(opportunities.created_at as date) as created_date,
        {{ attributed_region_code(
            'accounts.region_code',
            'leads.region_code',
            'users.region_code'
        ) }} as region_code,
        -- only a closed deal has a cycle; an open one's close_date is a forecast
        case
            when opportunities.is_closed
                then opportunities.close_date - cast(opportunities.created_at as date)
        end as sales_cycle_days
    from opportunities
    left join accounts
        on opportunities.account_id = accounts.account_id
    left join leads
        on opportunities.lead_id = leads.lead_id
    left join users
        on opportunities.owner_user_id = users.user_id

)

select * from final
