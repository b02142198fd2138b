{#- The one place that reads the frozen baseline files (crm_kpi.baseline writes
    them): every <baseline_dir>/<label>/kpi_baseline.csv whose manifest matches the data in
    this warehouse (baseline_catalog), the label taken from the folder name, with explicit
    column types. The files are checked against their manifests first (macro
    verify_baseline_files: a mismatch stops the build). Nothing is recomputed here: the rows
    are what was measured when the snapshot was taken. Without any baseline file the model
    still builds, empty with the same columns (checked with glob() at run time). Folders
    starting with '.' are a snapshot being written and are skipped. -#}
{%- set baseline_root = (var('baseline_dir') | trim).rstrip('/') -%}
{%- set n_files = baseline_file_count(baseline_root, 'kpi_baseline.csv') -%}
{%- set file_columns = [
    ('kpi_code', 'varchar'),
    ('grain', 'varchar'),
    ('region_code', 'varchar'),
    ('rep_id', 'varchar'),
    ('window_scope_code', 'varchar'),
    ('is_comparison_window', 'boolean'),
    ('window_start_month', 'date'),
    ('window_end_month', 'date'),
    ('months_in_window', 'integer'),
    ('months_counted', 'integer'),
    ('sum_numerator', 'double'),
    ('sum_denominator', 'double'),
    ('sum_sum_sq', 'double'),
    ('kpi_type', 'varchar'),
    ('scale', 'double'),
    ('baseline_value', 'double'),
] -%}
with

catalog as (

    select * from {{ ref('baseline_catalog') }}

),

{% if n_files > 0 %}
    baseline_files as (

        select *
        from read_csv(
            '{{ baseline_root }}/*/kpi_baseline.csv',
            header = true,
            filename = true,
            auto_detect = false,
            columns = {{ column_types(file_columns) }}
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
            {{ typed_columns(file_columns, empty=true) }}
        where false

    ),

{% endif %}
final as (

    select
        cast(baseline_label as varchar) as baseline_label,
        {{ typed_columns(file_columns) }}
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
