{#- Which frozen baselines belong to the data in this warehouse, and which one the scorecard
    uses. A baseline matches when its manifest's regions, roll-out plan and source id equal
    the current data's (baseline_dataset_identity); one that does not is never used, so the
    demo baseline cannot be compared with another company's data. Used: the label asked for
    in var baseline_label (env CRM_KPI_BASELINE_LABEL) when it matches, else (var empty)
    the newest matching baseline by taken_at. -#}
{%- set requested_label = (var('baseline_label') | trim) | replace("'", "''") -%}
with

manifests as (

    select * from {{ ref('baseline_manifests') }}

),

data_identity as (

    select * from {{ ref('baseline_dataset_identity') }}

),

compared as (

    select
        manifests.*,
        data_identity.region_codes as data_region_codes,
        data_identity.rollout_plan as data_rollout_plan,
        data_identity.source_id as data_source_id,
        coalesce(manifests.region_codes = data_identity.region_codes, false)
            as is_same_regions,
        coalesce(manifests.rollout_plan = data_identity.rollout_plan, false)
            as is_same_rollout_plan,
        coalesce(manifests.source_id = data_identity.source_id, false) as is_same_source
    from manifests
    cross join data_identity

),

matched as (

    select
        *,
        is_same_regions and is_same_rollout_plan and is_same_source as is_matching_data,
        case
            when source_id is null
                then 'its manifest carries no data identity (older snapshot format)'
            else
                nullif(
                    concat_ws(
                        '; ',
                        case
                            when not is_same_regions
                                then
                                    'regions ' || coalesce(region_codes, '?')
                                    || ' vs ' || coalesce(data_region_codes, '?')
                        end,
                        case
                            when not is_same_rollout_plan
                                then
                                    'roll-out plan ' || coalesce(rollout_plan, '?')
                                    || ' vs ' || coalesce(data_rollout_plan, '?')
                        end,
                        case
                            when not is_same_source
                                then
                                    'source id ' || left(source_id, 12)
                                    || '… vs ' || coalesce(left(data_source_id, 12) || '…', '?')
                        end
                    ),
                    ''
                )
        end as mismatch_reason
    from compared

),

ranked as (

    select
        *,
        case
            when is_matching_data
                then
                    row_number() over (
                        partition by is_matching_data
                        order by taken_at desc nulls last, baseline_label desc
                    )
        end as newest_match_rank
    from matched

),

final as (

    select
        cast(baseline_label as varchar) as baseline_label,
        cast(manifest_file as varchar) as manifest_file,
        cast(taken_at as timestamptz) as taken_at,
        cast(as_of as date) as as_of,
        cast(region_codes as varchar) as region_codes,
        cast(rollout_plan as varchar) as rollout_plan,
        cast(source_id as varchar) as source_id,
        cast(is_same_regions as boolean) as is_same_regions,
        cast(is_same_rollout_plan as boolean) as is_same_rollout_plan,
        cast(is_same_source as boolean) as is_same_source,
        cast(is_matching_data as boolean) as is_matching_data,
        cast(mismatch_reason as varchar) as mismatch_reason,
        cast(
            {% if requested_label %}
                is_matching_data and baseline_label = '{{ requested_label }}'
            {% else %}
                coalesce(newest_match_rank = 1, false)
            {% endif %}
            as boolean
        ) as is_selected
    from ranked

)

select * from final
