{#- Every frozen baseline's manifest (<baseline_dir>/<label>/manifest.json, written by
    crm_kpi.baseline), after the integrity check: a file that no longer matches
    its manifest stops the build here, before anything is read (macro
    verify_baseline_files). Empty, same columns, when no baseline has been taken. -#}
{%- set baseline_root = (var('baseline_dir') | trim).rstrip('/') -%}
{%- set manifest_glob = baseline_root ~ '/*/manifest.json' -%}
{%- set identity_type = 'struct(region_codes varchar, rollout_plan varchar, '
    ~ 'source_id varchar)' -%}
{%- set n_files = baseline_file_count(baseline_root, 'manifest.json') -%}
{%- set manifest_columns = [
    ('baseline_label', 'varchar'),
    ('manifest_file', 'varchar'),
    ('manifest_label', 'varchar'),
    ('manifest_format', 'integer'),
    ('taken_at', 'timestamptz'),
    ('as_of', 'date'),
    ('n_rows', 'bigint'),
    ('region_codes', 'varchar'),
    ('rollout_plan', 'varchar'),
    ('source_id', 'varchar'),
] -%}
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
            {{ typed_columns(manifest_columns, empty=true) }}
        where false

    ),

{% endif %}
final as (

    select
        {{ typed_columns(manifest_columns) }}
    from labelled
    where not starts_with(baseline_label, '.')

)

select * from final
