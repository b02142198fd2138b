{#- The one component format of a KPI family model (kpis.md): the union of the
    family's component CTEs, typed as the seven columns every family hands to
    int_kpi_components_unioned. region_code and rep_id may be given as
    expressions for a family that has no region or rep of its own. -#}
{% macro kpi_components(relations, region_code='region_code', rep_id='rep_id') -%}
    select
        cast(period_month as date) as period_month,
        cast(kpi_code as varchar) as kpi_code,
        cast({{ region_code }} as varchar) as region_code,
        cast({{ rep_id }} as varchar) as rep_id,
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator,
        cast(sum_sq as double) as sum_sq
    from (
        {%- for relation in relations %}
        select * from {{ relation }}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ) as unioned
{%- endmacro %}
