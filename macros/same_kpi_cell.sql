{#- The join condition of two rows of the same KPI cell (kpi_code, grain, region_code,
    rep_id): region_code and rep_id are null above their grain (a company row has neither),
    so they match null-safely. Used wherever a mart pairs rows of one cell (suppression,
    before/after sides, targets, test results). -#}
{% macro same_kpi_cell(left, right) -%}
    {{ left }}.kpi_code = {{ right }}.kpi_code
    and {{ left }}.grain = {{ right }}.grain
    and {{ left }}.region_code is not distinct from {{ right }}.region_code
    and {{ left }}.rep_id is not distinct from {{ right }}.rep_id
{%- endmacro %}
