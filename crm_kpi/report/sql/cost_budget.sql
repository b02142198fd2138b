-- cumulative CRM cost against budget per complete month: the variance KPI's numerator is
-- actual minus budget and its denominator the budget, so actual = numerator + denominator
select
    f.period_month,
    f.numerator + f.denominator as cumulative_actual_eur,
    f.denominator as cumulative_budget_eur
from marts.fct_kpi_monthly as f
inner join marts.dim_month as m on f.period_month = m.period_month
where
    f.kpi_code = 'crm_budget_variance_pct'
    and f.grain = 'company'
    and m.is_complete_month
order by f.period_month
