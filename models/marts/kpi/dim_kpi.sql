with

kpis as (

    select * from {{ ref('stg_catalogue__kpis') }}

),

availability as (

    select * from {{ ref('int_kpi_availability') }}

),

final as (

    select
        kpis.kpi_code,
        kpis.kpi_name,
        kpis.label_de,
        kpis.family,
        kpis.kpi_description as description,
        kpis.unit,
        kpis.kpi_type,
        kpis.scale,
        kpis.higher_is_better,
        kpis.grains,
        kpis.attribution,
        kpis.is_headline,
        kpis.min_group_size,
        kpis.source_tables,
        availability.is_available,
        availability.missing_source_tables
    from kpis
    inner join availability on kpis.kpi_code = availability.kpi_code

)

select * from final
