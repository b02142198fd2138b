{#- Customer and prospect accounts with their region (billing address through
    region_mapping; unassigned when the billing country is not mapped) and owner. -#}
with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.account_type,
        accounts.industry,
        accounts.owner_user_id as rep_id,
        {{ attributed_region_code('accounts.region_code') }} as region_code,
        accounts.billing_country_code,
        cast(accounts.created_at as date) as created_date
    from accounts

)

select * from final
