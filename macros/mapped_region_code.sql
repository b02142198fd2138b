{#- A region code as written anywhere (campaign, roll-out plan, targets) replaced by the
    spelling of region_mapping when it names a region of the mapping (matched on
    region_match_key), else null. -#}
{% macro mapped_region_code(code) -%}
    (
        select min(rm.region_code)
        from {{ ref('stg_reference__region_mapping') }} as rm
        where rm.region_match_key = {{ region_match_key(code) }}
    )
{%- endmacro %}
