{#-
    Switches the raw layer from the demo seeds to extract files without touching any SQL.

    With the var `extract_dir` empty (default) the sources are the tables `dbt seed` loaded.
    With `extract_dir` set (env CRM_KPI_EXTRACT_DIR), every source table of the systems
    crm, erp, survey, hr and finance becomes a view over
    <extract_dir>/<system>/<table>.<extract_format> (parquet or csv), in the schema the
    source declares, so staging reads `source()` exactly as before.
    Reference data (regions, fx rates, roll-out plan, targets) always comes from the seeds.
-#}
{% macro register_external_extracts() %}
    {%- set extract_dir = var('extract_dir', '') | trim -%}
    {%- if not execute or extract_dir == '' -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set extract_format = var('extract_format', 'parquet') | trim | lower -%}
    {%- if extract_format not in ['parquet', 'csv'] -%}
        {{ exceptions.raise_compiler_error(
            "extract_format must be 'parquet' or 'csv', got '" ~ extract_format ~ "'") }}
    {%- endif -%}
    {%- set statements = [] -%}
    {%- for source_node in graph.sources.values() if source_node.package_name == project_name -%}
        {%- set path = extract_dir ~ '/' ~ source_node.source_name ~ '/' ~ source_node.name ~ '.' ~ extract_format -%}
        {%- if extract_format == 'parquet' -%}
            {%- set reader = "read_parquet('" ~ path ~ "')" -%}
        {%- else -%}
            {%- set reader = "read_csv('" ~ path ~ "', header = true, auto_detect = true)" -%}
        {%- endif -%}
        {%- set relation = source_node.schema ~ '."' ~ source_node.identifier ~ '"' -%}
        {%- do statements.append('create schema if not exists ' ~ source_node.schema) -%}
        {#- a table of that name left by an earlier `dbt seed` gives way to the view -#}
        {%- set existing = run_query(
            "select table_type from information_schema.tables where table_schema = '"
            ~ source_node.schema ~ "' and table_name = '" ~ source_node.identifier ~ "'") -%}
        {%- if existing.rows | length > 0 and existing.rows[0][0] == 'BASE TABLE' -%}
            {%- do statements.append('drop table ' ~ relation) -%}
        {%- endif -%}
        {%- do statements.append('create or replace view ' ~ relation ~ ' as select * from ' ~ reader) -%}
    {%- endfor -%}
    {{ return(statements | join(';\n')) }}
{% endmacro %}
