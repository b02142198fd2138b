-- Region codes written outside region_mapping (roll-out plan, targets, campaigns) must name
-- a region of region_mapping (case and whitespace ignored). A code that does not is kept,
-- not dropped, but it cannot work as meant: a roll-out row for it never goes live anywhere, a
-- target never meets a fact, a campaign counts under the unassigned region. A roll-out row
-- for the unassigned region is ignored too (it never goes live). Warning, one row per
-- offending value with the file, column, record and finding (docs/regions.md).
{{ config(severity='warn') }}
with
{{ import_refs({
    'crm_rollout': 'stg_reference__crm_rollout',
    'kpi_targets': 'stg_reference__kpi_targets',
    'campaigns': 'base_crm__campaigns',
}) }},

findings as (

    select
        'seeds/reference/crm_rollout.csv' as file_name,
        'region_code' as column_name,
        crm_rollout.region_code as record_key,
        crm_rollout.region_code as region_code_given,
        'region code not in region_mapping: the region never goes live' as finding
    from crm_rollout
    where not crm_rollout.is_mapped_region
    union all
    select
        'seeds/reference/crm_rollout.csv' as file_name,
        'region_code' as column_name,
        crm_rollout.region_code as record_key,
        crm_rollout.region_code as region_code_given,
        'the unassigned region never goes live: row ignored' as finding
    from crm_rollout
    where
        crm_rollout.is_mapped_region
        and crm_rollout.region_code = {{ unassigned_region_code() }}
    union all
    select
        'seeds/reference/kpi_target.csv' as file_name,
        'region_code' as column_name,
        kpi_targets.kpi_code || ' ' || kpi_targets.grain || ' from '
        || cast(kpi_targets.valid_from_month as varchar) as record_key,
        kpi_targets.region_code as region_code_given,
        'region code not in region_mapping: the target matches no fact' as finding
    from kpi_targets
    where not kpi_targets.is_mapped_region
    union all
    select
        'crm.campaign' as file_name,
        'region_code_c' as column_name,
        campaigns.campaign_id as record_key,
        campaigns.region_code as region_code_given,
        'region code not in region_mapping: the campaign counts under the unassigned region'
            as finding
    from campaigns
    where
        campaigns.row_disposition = 'staged'
        and campaigns.region_code is not null
        and {{ mapped_region_code('campaigns.region_code') }} is null

)

select * from findings
