with

kpi_catalogue as (

    select * from {{ ref('kpi_catalogue') }}

),

final as (

    select
        cast(kpi_code as varchar) as kpi_code,
        cast(kpi_name as varchar) as kpi_name,
        cast(label_de as varchar) as label_de,
        cast(family as varchar) as family,
        cast(description as varchar) as kpi_description,
        cast(unit as varchar) as unit,
        cast(kpi_type as varchar) as kpi_type,
        cast(scale as double) as scale,
        cast(higher_is_better as boolean) as higher_is_better,
        cast(grains as varchar) as grains,
        cast(attribution as varchar) as attribution,
        cast(is_headline as boolean) as is_headline,
        cast(min_group_size as integer) as min_group_size,
        -- one space between tables, whatever spacing the catalogue uses
        cast(
            nullif(trim(regexp_replace(source_tables, '\s+', ' ', 'g')), '') as varchar
        ) as source_tables,
        contains(grains, 'rep') as has_rep_grain,
        contains(grains, 'region') as has_region_grain,
        contains(grains, 'company') as has_company_grain
    from kpi_catalogue

)

select * from final
