{#- The one place that reads the frozen baseline files (crm_kpi.baseline writes
    them): every <baseline_dir>/<label>/kpi_baseline.csv whose manifest matches the data in
    this warehouse (baseline_catalog), the label taken from the folder name, with explicit
    column types. The files are checked against their manifests first (macro
    verify_baseline_files: a mismatch stops the build). Nothing is recomputed here: the rows
    are what was measured when the snapshot was taken. Without any baseline file the model
    still builds, empty with the same columns (checked with glob() at run time). Folders
    starting with '.' are a snapshot being written and are skipped. -#}
{%- set baseline_root = (var('baseline_dir') | trim).rstrip('/') -%}
{%- set baseline_glob = baseline_root ~ '/*/kpi_baseline.csv' -%}
{%- do verify_baseline_files(baseline_root) -%}
{%- set n_files = 0 -%}
{%- if execute -%}
    {%- set found = run_query(
        "select count(*) from glob('" ~ baseline_glob ~ "') "
        ~ "where not regexp_matches(file, '[/\\\\][.][^/\\\\]*[/\\\\]kpi_baseline[.]csv$')"
    ) -%}
    {%- set n_files = found.columns[0].values()[0] -%}
{%- endif -%}
with

catalog as (

    select * from {{ ref('baseline_catalog') }}

),

{% if n_files > 0 %}
    baseline_files as (

        select *
        from read_csv(
            '{{ baseline_glob }}',
            header = true,
            filename = true,
            auto_detect = false,
            columns = {
                'kpi_code': 'varchar',
                'grain': 'varchar',
                'region_code': 'varchar',
                'rep_id': 'varchar',
                'window_scope_code': 'varchar',
                'is_comparison_window': 'boolean',
                'window_start_month': 'date',
                'window_end_month': 'date',
                'months_in_window': 'integer',
                'months_counted': 'integer',
                'sum_numerator': 'double',
                'sum_denominator': 'double',
                'sum_sum_sq': 'double',
                'kpi_type': 'varchar',
                'scale': 'double',
                'baseline_value': 'double'
            }
        )

    ),

    labelled as (

        select
            *,
            regexp_extract(
                filename, '([^/\\]+)[/\\]kpi_baseline[.]csv$', 1
            ) as baseline_label
        from baseline_files

    ),

{% else %}
    labelled as (

        -- no baseline taken yet: no rows, same columns
        select
            cast(null as varchar) as baseline_label,
            cast(null as varchar) as kpi_code,
            cast(null as varchar) as grain,
            cast(null as varchar) as region_code,
            cast(null as varchar) as rep_id,
            cast(null as varchar) as window_scope_code,
            cast(null as boolean) as is_comparison_window,
            cast(null as date) as window_start_month,
            cast(null as date) as window_end_month,
            cast(null as integer) as months_in_window,
            cast(null as integer) as months_counted,
            cast(null as double) as sum_numerator,
            cast(null as double) as sum_denominator,
            cast(null as double) as sum_sum_sq,
            cast(null as varchar) as kpi_type,
            cast(null as double) as scale,
            cast(null as double) as baseline_value
        where false

    ),

{% endif %}
final as (

    select
        cast(baseline_label as varchar) as baseline_label,
        cast(kpi_code as varchar) as kpi_code,
        cast(grain as varchar) as grain,
        cast(region_code as varchar) as region_code,
        cast(rep_id as varchar) as rep_id,
        cast(window_scope_code as varchar) as window_scope_code,
        cast(is_comparison_window as boolean) as is_comparison_window,
        cast(window_start_month as date) as window_start_month,
        cast(window_end_month as date) as window_end_month,
        cast(months_in_window as integer) as months_in_window,
        cast(months_counted as integer) as months_counted,
        cast(sum_numerator as double) as sum_numerator,
        cast(sum_denominator as double) as sum_denominator,
        cast(sum_sum_sq as double) as sum_sum_sq,
        cast(kpi_type as varchar) as kpi_type,
        cast(scale as double) as scale,
        cast(baseline_value as double) as baseline_value
    from labelled
    -- a baseline of other data (another company, other regions or roll-out plan) is never
    -- loaded: baseline_catalog says why
    where
        not starts_with(baseline_label, '.')
        and baseline_label in (
            select catalog.baseline_label from catalog
            where catalog.is_matching_data
        )

)

select * from final
