{#- NPS coding of one 0-10 score (kpis.md: nps, employee_nps): +1 promoter (9-10),
    0 passive (7-8), -1 detractor (0-6); null when the score is null. The mean of the points
    x 100 is the NPS, so the points are the x of a mean KPI (sum_sq = number of non-passives). -#}
{% macro nps_points(score) -%}
    case
        when {{ score }} is null then null
        when {{ score }} >= 9 then 1
        when {{ score }} >= 7 then 0
        else -1
    end
{%- endmacro %}
