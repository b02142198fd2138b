-- the KPI catalogue; optional holds the columns only newer builds have
select
    kpi_code,
    kpi_name,
    label_de,
    unit,
    kpi_type,
    higher_is_better,
    is_headline
    {%- for column in optional %}, {{ column }}{% endfor %}

from marts.dim_kpi
order by kpi_code
