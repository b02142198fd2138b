{#- One owner of "whose and where is a case": the case owner is the rep, the region is the
    account's region (sources.md) and, for a case whose account has no mapped region, the
    owner's home region, else unassigned. Case KPIs (sla, response_speed, csat) read case
    attribution here. -#}
with

cases as (

    select * from {{ ref('stg_crm__cases') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

users as (

    select * from {{ ref('stg_crm__users') }}

),

final as (

    select
        cases.case_id,
        cases.account_id,
        cases.owner_user_id,
        cases.case_type,
        cases.created_at,
        cases.closed_at,
        cases.csat_score,
        {{ attributed_region_code('accounts.region_code', 'users.region_code') }} as region_code
    from cases
    left join accounts on cases.account_id = accounts.account_id
    left join users on cases.owner_user_id = users.user_id

)

select * from final
