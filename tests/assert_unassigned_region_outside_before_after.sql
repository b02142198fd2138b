-- The unassigned region (records that map to no region) is not a sales region: it never
-- goes live, is never a control region and has no before/after scope or rows of its own
-- (docs/regions.md). Its records still count in the company's rows.
with
{{ import_refs({
    'windows': 'int_rollout_windows',
    'regions': 'dim_region',
    'compared': 'fct_kpi_before_after',
}) }},

findings as (

    select
        'int_rollout_windows' as relation_name,
        windows.scope_code as record_key,
        'the unassigned region is a before/after scope' as finding
    from windows
    where windows.region_code = {{ unassigned_region_code() }}
    union all
    select
        'dim_region' as relation_name,
        regions.region_code as record_key,
        'the unassigned region is live, or another region is flagged unassigned' as finding
    from regions
    where
        (regions.region_code = {{ unassigned_region_code() }})
        != regions.is_unassigned
        or (regions.is_unassigned and regions.is_live)
    union all
    select
        'dim_region' as relation_name,
        {{ unassigned_region_code() }} as record_key,
        'dim_region needs exactly one row for the unassigned region' as finding
    from (
        select count(*) filter (where regions.is_unassigned) as n_unassigned
        from regions
    ) as counted
    where counted.n_unassigned != 1
    union all
    select
        'fct_kpi_before_after' as relation_name,
        compared.kpi_code || ' ' || compared.grain as record_key,
        'a before/after row for the unassigned region' as finding
    from compared
    where compared.region_code = {{ unassigned_region_code() }}

)

select * from findings
