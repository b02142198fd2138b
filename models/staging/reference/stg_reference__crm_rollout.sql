{#- Roll-out plan: one go-live date per region; a region without a row has not gone live. -#}
with

crm_rollout as (

    select * from {{ ref('crm_rollout') }}

),

final as (

    select
        lower({{ clean_string('region_code') }}) as region_code,
        cast(go_live_date as date) as go_live_date,
        cast(date_trunc('month', cast(go_live_date as date)) as date) as go_live_month
    from crm_rollout

)

select * from final
