{#- Goals set in advance by the business: one target per KPI, grain, scope and validity
    range of months. Region codes lower case, as in region_mapping. -#}
with

kpi_target as (

    select * from {{ ref('kpi_target') }}

),

final as (

    select
        {{ clean_string('kpi_code') }} as kpi_code,
        lower({{ clean_string('grain') }}) as grain,
        lower({{ clean_string('region_code') }}) as region_code,
        {{ clean_string('rep_id') }} as rep_id,
        cast(valid_from_month as date) as valid_from_month,
        cast(valid_to_month as date) as valid_to_month,
        cast(target_value as double) as target_value
    from kpi_target

)

select * from final
