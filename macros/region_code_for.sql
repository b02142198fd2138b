{#- Region of a country/state pair through stg_reference__region_mapping: the exact
    (country, state) row first, else the whole-country row (state null). Null when the
    country is not mapped. Inputs are normalised (trim, upper) before the lookup. -#}
{% macro region_code_for(country_code, state_code) -%}
    coalesce(
        (
            select rm.region_code
            from {{ ref('stg_reference__region_mapping') }} as rm
            where
                rm.country_code = upper(trim(cast({{ country_code }} as varchar)))
                and rm.state_code = upper(trim(cast({{ state_code }} as varchar)))
        ),
        (
            select rm.region_code
            from {{ ref('stg_reference__region_mapping') }} as rm
            where
                rm.country_code = upper(trim(cast({{ country_code }} as varchar)))
                and rm.state_code is null
        )
    )
{%- endmacro %}
