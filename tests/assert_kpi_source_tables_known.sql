-- Every table a KPI lists in kpi_catalogue.source_tables is a raw extract table of the
-- source contract (staging_extract_tables, `<system>.<table>`): a typo would make a KPI look
-- unavailable (or hide a missing table from the extract gate). Returns the unknown names.
{%- set extract_tables = staging_extract_tables() %}

with

kpis as (

    select * from {{ ref('stg_catalogue__kpis') }}

),

known_tables as (

    select unnest([
        {%- for system, source_table, entity in extract_tables %}
            '{{ system }}.{{ source_table }}'{% if not loop.last %},{% endif %}
        {%- endfor %}
    ]) as source_table

),

kpi_tables as (

    select
        kpis.kpi_code,
        kpi_table.source_table
    from kpis
    cross join unnest(string_split(kpis.source_tables, ' ')) as kpi_table (source_table)

),

final as (

    select
        kpi_tables.kpi_code,
        kpi_tables.source_table
    from kpi_tables
    where kpi_tables.source_table not in (select known_tables.source_table from known_tables)

)

select * from final
