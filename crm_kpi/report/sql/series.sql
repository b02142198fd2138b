-- monthly values of the headline and usage KPIs, company and regions, complete months from
-- six months before the earliest baseline on
select
    f.kpi_code,
    coalesce(f.region_code, 'company') as scope_code,
    f.period_month,
    f.value
from marts.fct_kpi_monthly as f
inner join marts.dim_kpi as k on f.kpi_code = k.kpi_code
inner join marts.dim_month as m on f.period_month = m.period_month
where
    (k.is_headline or f.kpi_code in {{ usage_kpis }})
    and f.grain in ('company', 'region')
    and m.is_complete_month
    and f.period_month >= (
        select min(baseline_start_month) - interval 6 month
        from marts.dim_rollout_window
    )
order by f.kpi_code, scope_code, f.period_month
