{#- Which company's data this warehouse holds, in the three parts a baseline's manifest must
    match (docs/before_after.md "A baseline belongs to its data"): the regions, the roll-out
    plan, and a source id. The source id hashes the ids and creation times of the
    earliest-created CRM users: Salesforce never deletes a user (it deactivates them) and
    neither an id nor a created date ever changes, so later extracts of the same company
    keep it, while another company (another org, other ids and dates) gets another one.
    crm_kpi.baseline copies this row into every manifest it writes. -#}
{%- set source_id_users = 5 -%}
with

windows as (

    select * from {{ ref('int_rollout_windows') }}

),

users as (

    select * from {{ ref('stg_crm__users') }}

),

regions as (

    select
        string_agg(region_code, ',' order by region_code) as region_codes,
        string_agg(
            case
                when not is_control then region_code || '=' || strftime(go_live_date, '%Y-%m-%d')
            end,
            ',' order by region_code
        ) as rollout_plan
    from windows
    where grain = 'region'

),

earliest_users as (

    select
        user_id,
        created_at
    from users
    where user_id is not null and created_at is not null
    order by created_at, user_id
    limit {{ source_id_users }}

),

source as (

    select
        count(*) as source_id_user_count,
        string_agg(
            user_id || '@' || strftime(created_at, '%Y-%m-%dT%H:%M:%S'),
            ',' order by created_at, user_id
        ) as source_id_input
    from earliest_users

),

final as (

    select
        cast(coalesce(regions.region_codes, '') as varchar) as region_codes,
        cast(coalesce(regions.rollout_plan, '') as varchar) as rollout_plan,
        cast(
            case when source.source_id_user_count > 0 then sha256(source.source_id_input) end
            as varchar
        ) as source_id,
        cast(source.source_id_user_count as integer) as source_id_user_count
    from regions
    cross join source

)

select * from final
