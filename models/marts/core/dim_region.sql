{#- Sales regions with their roll-out status: a region without a go-live date has not gone
    live and serves as control group in the before/after comparison. Plus the unassigned
    region (var unassigned_region_code) under which records that map to no region count: it
    never goes live and is never a control region (docs/regions.md). -#}
with

region_mapping as (

    select * from {{ ref('stg_reference__region_mapping') }}

),

rollout as (

    select * from {{ ref('stg_reference__crm_rollout') }}

),

mapped_regions as (

    select
        region_code,
        min(region_name) as region_name,
        string_agg(distinct country_code, ',' order by country_code) as country_codes
    from region_mapping
    group by region_code

),

-- region_mapping may name the unassigned region itself (its name and countries then apply)
unassigned_region as (

    select
        {{ unassigned_region_code() }} as region_code,
        'Nicht zugeordnet / unassigned' as region_name,
        cast(null as varchar) as country_codes
    where
        not exists (
            select 1
            from mapped_regions
            where mapped_regions.region_code = {{ unassigned_region_code() }}
        )

),

regions as (

    select * from mapped_regions
    union all
    select * from unassigned_region

),

final as (

    select
        regions.region_code,
        regions.region_name,
        regions.country_codes,
        rollout.go_live_date,
        rollout.go_live_month,
        rollout.go_live_date is not null as is_live,
        regions.region_code = {{ unassigned_region_code() }} as is_unassigned
    from regions
    -- the unassigned region never goes live, whatever the roll-out plan says
    left join rollout
        on
            regions.region_code = rollout.region_code
            and regions.region_code != {{ unassigned_region_code() }}

)

select * from final
