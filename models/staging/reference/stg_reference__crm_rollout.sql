{#- Roll-out plan: one go-live date per region; a region without a row has not gone live.
    The region code is matched to region_mapping ignoring case and whitespace and written as
    the mapping writes it; a code the mapping does not know keeps its own spelling with
    is_mapped_region false (a warning test names it, docs/regions.md). -#}
with

crm_rollout as (

    select * from {{ ref('crm_rollout') }}

),

cleaned as (

    select
        {{ clean_string('crm_rollout.region_code') }} as region_code_given,
        {{ mapped_region_code(clean_string('crm_rollout.region_code')) }} as mapped_region_code,
        cast(crm_rollout.go_live_date as date) as go_live_date,
        cast(date_trunc('month', cast(crm_rollout.go_live_date as date)) as date)
            as go_live_month
    from crm_rollout

),

resolved as (

    select
        go_live_date,
        go_live_month,
        coalesce(mapped_region_code, region_code_given) as region_code,
        mapped_region_code is not null as is_mapped_region
    from cleaned

),

final as (

    select
        region_code,
        is_mapped_region,
        go_live_date,
        go_live_month
    from resolved

)

select * from final
