-- fct_kpi_monthly at company grain only, so a BI "sum of value" never mixes grains.
select
    period_month,
    kpi_code,
    numerator,
    denominator,
    sum_sq,
    value,
    value_ratio
from {{ ref('fct_kpi_monthly') }}
where grain = 'company'
