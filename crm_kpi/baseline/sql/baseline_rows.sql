-- the baseline rows of int_kpi_window_sums, in kpi_baseline.csv's column order
select
    {{ columns | join(', ') }},
    window_value as baseline_value
from intermediate.int_kpi_window_sums
where window_kind = 'baseline'
order by kpi_code, grain, region_code nulls first, rep_id nulls first, window_scope_code
