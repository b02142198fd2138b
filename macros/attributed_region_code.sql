{#- The region a record counts under: the first mapped region among the candidates, in the
    order of sources.md "Region of a record" (e.g. account, else lead, else owner), else the
    unassigned region. Never null, so company = sum of regions holds on any data. -#}
{% macro attributed_region_code() -%}
    coalesce({{ varargs | join(', ') }}, {{ unassigned_region_code() }})
{%- endmacro %}
