{#- Who and where an account's facts belong to (sources.md "Region of a record"): the
    account owner as rep, the account's billing region, else the owner's home region, else
    the unassigned region.
    The CRM keeps only the current owner, so history is attributed to today's owner. -#}
with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

users as (

    select * from {{ ref('stg_crm__users') }}

),

final as (

    select
        accounts.account_id,
        accounts.owner_user_id,
        accounts.region_code as account_region_code,
        {{ attributed_region_code('accounts.region_code', 'users.region_code') }} as region_code
    from accounts
    left join users
        on accounts.owner_user_id = users.user_id

)

select * from final
