{#- Whether a KPI can be computed on this data: every raw table it needs (kpi_catalogue
    source_tables) has at least one staged row. An empty or missing extract lands as a
    zero-row table and every model still builds, so a KPI reading it would show zeros or a
    biased value; an unavailable KPI is published nowhere instead (docs/kpi_availability.md). -#}
with

kpis as (

    select * from {{ ref('stg_catalogue__kpis') }}

),

dispositions as (

    select * from {{ ref('int_extract_row_dispositions') }}

),

staged_tables as (

    select
        source_table,
        sum(n_rows) as staged_rows
    from dispositions
    where row_disposition = 'staged'
    group by source_table

),

kpi_tables as (

    select
        kpis.kpi_code,
        kpi_table.source_table
    from kpis
    cross join unnest(string_split(kpis.source_tables, ' ')) as kpi_table (source_table)

),

kpi_table_rows as (

    select
        kpi_tables.kpi_code,
        kpi_tables.source_table,
        coalesce(staged_tables.staged_rows, 0) as staged_rows
    from kpi_tables
    left join staged_tables on kpi_tables.source_table = staged_tables.source_table

),

missing as (

    select
        kpi_code,
        count(*) filter (where staged_rows = 0) as missing_source_table_count,
        string_agg(source_table, ' ' order by source_table) filter (where staged_rows = 0)
            as missing_source_tables
    from kpi_table_rows
    group by kpi_code

),

final as (

    select
        kpis.kpi_code,
        kpis.source_tables,
        cast(coalesce(missing.missing_source_table_count, 0) as integer)
            as missing_source_table_count,
        missing.missing_source_tables,
        coalesce(missing.missing_source_table_count, 0) = 0 as is_available
    from kpis
    left join missing on kpis.kpi_code = missing.kpi_code

)

select * from final
