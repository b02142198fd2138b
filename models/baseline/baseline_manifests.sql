{#- Every frozen baseline's manifest (<baseline_dir>/<label>/manifest.json, written by
    crm_kpi.baseline), after the integrity check: a file that no longer matches
    its manifest stops the build here, before anything is read (macro
    verify_baseline_files). Empty, same columns, when no baseline has been taken. -#}
{%- set baseline_root = (var('baseline_dir') | trim).rstrip('/') -%}
{%- set manifest_glob = baseline_root ~ '/*/manifest.json' -%}
{%- set identity_type = 'struct(region_codes varchar, rollout_plan varchar, '
    ~ 'source_id varchar)' -%}
{%- do verify_baseline_files(baseline_root) -%}
{%- set n_files = 0 -%}
{%- if execute -%}
    {%- set found = run_query(
        "select count(*) from glob('" ~ manifest_glob ~ "') "
        ~ "where not regexp_matches(file, '[/\\\\][.][^/\\\\]*[/\\\\]manifest[.]json$')"
    ) -%}
    {%- set n_files = found.columns[0].values()[0] -%}
{%- endif -%}
with

{% if n_files > 0 %}
    manifest_files as (

        select *
        from read_json(
            '{{ manifest_glob }}',
            filename = true,
            format = 'auto',
            columns = {
                'label': 'varchar',
                'manifest_format': 'integer',
                'taken_at': 'timestamptz',
                'as_of': 'date',
                'rows': 'bigint',
                'dataset_identity': '{{ identity_type }}'
            }
        )

    ),

    labelled as (

        select
            manifest_files.filename as manifest_file,
            manifest_files.label as manifest_label,
            manifest_files.manifest_format,
            manifest_files.taken_at,
            manifest_files.as_of,
            manifest_files.rows as n_rows,
            struct_extract(manifest_files.dataset_identity, 'region_codes') as region_codes,
            struct_extract(manifest_files.dataset_identity, 'rollout_plan') as rollout_plan,
            struct_extract(manifest_files.dataset_identity, 'source_id') as source_id,
            regexp_extract(manifest_files.filename, '([^/\\]+)[/\\]manifest[.]json$', 1)
                as baseline_label
        from manifest_files

    ),

{% else %}
    labelled as (

        -- no baseline taken yet: no rows, same columns
        select
            cast(null as varchar) as baseline_label,
            cast(null as varchar) as manifest_file,
            cast(null as varchar) as manifest_label,
            cast(null as integer) as manifest_format,
            cast(null as timestamptz) as taken_at,
            cast(null as date) as as_of,
            cast(null as bigint) as n_rows,
            cast(null as varchar) as region_codes,
            cast(null as varchar) as rollout_plan,
            cast(null as varchar) as source_id
        where false

    ),

{% endif %}
final as (

    select
        cast(baseline_label as varchar) as baseline_label,
        cast(manifest_file as varchar) as manifest_file,
        cast(manifest_label as varchar) as manifest_label,
        cast(manifest_format as integer) as manifest_format,
        cast(taken_at as timestamptz) as taken_at,
        cast(as_of as date) as as_of,
        cast(n_rows as bigint) as n_rows,
        cast(region_codes as varchar) as region_codes,
        cast(rollout_plan as varchar) as rollout_plan,
        cast(source_id as varchar) as source_id
    from labelled
    where not starts_with(baseline_label, '.')

)

select * from final
