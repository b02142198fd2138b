{#- Sales regions with their roll-out status: a region without a go-live date has not gone
    live and serves as control group in the before/after comparison. -#}
with

region_mapping as (

    select * from {{ ref('stg_reference__region_mapping') }}

),

rollout as (

    select * from {{ ref('stg_reference__crm_rollout') }}

),

regions as (

    select
        region_code,
        min(region_name) as region_name,
        string_agg(distinct country_code, ',' order by country_code) as country_codes
    from region_mapping
    group by region_code

),

final as (

    select
        regions.region_code,
        regions.region_name,
        regions.country_codes,
        rollout.go_live_date,
        rollout.go_live_month,
        rollout.go_live_date is not null as is_live
    from regions
    left join rollout on regions.region_code = rollout.region_code

)

select * from final
