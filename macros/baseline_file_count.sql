{#- The frozen baseline files of one kind (manifest.json, kpi_baseline.csv) a baseline
    model reads: checks every baseline folder first (verify_baseline_files: a file that no
    longer matches its manifest stops the build), then counts <baseline_dir>/*/<file_name>
    at run time, folders starting with '.' (a snapshot being written) left out. 0 at parse
    time and when no baseline has been taken: the model then builds its typed, empty shape. -#}
{% macro baseline_file_count(baseline_root, file_name) -%}
    {%- do verify_baseline_files(baseline_root) -%}
    {%- if not execute -%}
        {{ return(0) }}
    {%- endif -%}
    {%- set file_pattern = file_name | replace('.', '[.]') -%}
    {%- set found = run_query(
        "select count(*) from glob('" ~ baseline_root ~ "/*/" ~ file_name ~ "') "
        ~ "where not regexp_matches(file, '[/\\\\][.][^/\\\\]*[/\\\\]" ~ file_pattern ~ "$')"
    ) -%}
    {{ return(found.columns[0].values()[0]) }}
{%- endmacro %}
