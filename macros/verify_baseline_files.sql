{#- Stop the build before a frozen baseline is read when a file no longer matches its
    manifest (docs/before_after.md "Integrity in the build"): every folder
    <baseline_dir>/<label>/ must hold manifest.json and kpi_baseline.csv, the manifest's own
    checksum (manifest_sha256 = SHA-256 of the manifest text before the "manifest_sha256"
    key) and the CSV's (data_sha256) must hold. One line names the file and the command that
    shows the difference. Folders starting with '.' are a snapshot being written. -#}
{% macro verify_baseline_files(baseline_dir) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set root = (baseline_dir | trim).rstrip('/') -%}
    {%- set sql -%}
        with
        files as (
            select
                filename,
                content,
                regexp_extract(filename, '([^/\\]+)[/\\][^/\\]+$', 1) as baseline_label,
                regexp_extract(filename, '[^/\\]+$') as file_name
            from read_blob('{{ root }}/*/*')
        ),
        labels as (
            select distinct baseline_label from files where not starts_with(baseline_label, '.')
        ),
        manifests as (
            select
                baseline_label,
                filename,
                try(decode(content)) as manifest_text
            from files
            where file_name = 'manifest.json'
        ),
        data_files as (
            select
                baseline_label,
                filename,
                sha256(content) as data_sha256
            from files
            where file_name = 'kpi_baseline.csv'
        ),
        checked as (
            select
                labels.baseline_label,
                coalesce(manifests.filename, '{{ root }}/' || labels.baseline_label || '/manifest.json')
                    as manifest_file,
                coalesce(data_files.filename, '{{ root }}/' || labels.baseline_label || '/kpi_baseline.csv')
                    as data_file,
                manifests.filename is not null as has_manifest,
                coalesce(json_valid(manifests.manifest_text), false) as is_json,
                data_files.filename is not null as has_data,
                manifests.manifest_text,
                data_files.data_sha256
            from labels
            left join manifests on labels.baseline_label = manifests.baseline_label
            left join data_files on labels.baseline_label = data_files.baseline_label
        ),
        problems as (
            select
                baseline_label,
                case
                    when not has_manifest then manifest_file || ' is missing'
                    when not is_json then manifest_file || ' is not valid JSON'
                    when coalesce(
                        json_extract_string(manifest_text, '$.manifest_sha256')
                        != sha256(substr(manifest_text, 1, strpos(manifest_text, '"manifest_sha256"') - 1))
                        or strpos(manifest_text, '"manifest_sha256"') = 0,
                        true
                    ) then manifest_file || ' was edited (its manifest_sha256 does not match its content)'
                    when not has_data then data_file || ' is missing'
                    when data_sha256 is distinct from json_extract_string(manifest_text, '$.data_sha256')
                        then data_file || ' was edited (its SHA-256 differs from the manifest)'
                end as problem
            from checked
        )
        select baseline_label, problem
        from problems
        where problem is not null
        order by baseline_label
    {%- endset -%}
    {%- set problems = run_query(sql) -%}
    {%- if problems.rows | length > 0 -%}
        {%- set label = problems.rows[0][0] -%}
        {%- set dir_flag = '' if root == 'baselines' else ' --baseline-dir ' ~ root -%}
        {%- set more = problems.rows | length - 1 -%}
        {{ exceptions.raise_compiler_error(
            'baseline integrity check failed: ' ~ problems.rows[0][1]
            ~ (' (and ' ~ more ~ ' more)' if more > 0 else '')
            ~ '; see the difference with: .venv/bin/python -m crm_kpi.baseline --verify --label '
            ~ label ~ dir_flag
        ) }}
    {%- endif -%}
{% endmacro %}
