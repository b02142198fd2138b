with

kpis as (

    select * from {{ ref('stg_catalogue__kpis') }}

),

final as (

    select
        kpi_code,
        kpi_name,
        label_de,
        family,
        kpi_description as description,
        unit,
        kpi_type,
        scale,
        higher_is_better,
        grains,
        attribution,
        is_headline,
        min_group_size
    from kpis

)

select * from final
