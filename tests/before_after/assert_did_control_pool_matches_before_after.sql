-- The DiD and its standard error come from one control pool (fct_kpi_before_after computes
-- both; fct_kpi_before_after_tests passes the pool's n through): a mean-KPI region row has a
-- DiD exactly when the region has a change of its own and the pool has observations on both
-- sides.
with
{{ import_refs({
    'comparison': 'fct_kpi_before_after',
    'statistics': 'fct_kpi_before_after_tests',
}) }}

select
    comparison.baseline_label,
    comparison.kpi_code,
    comparison.region_code,
    comparison.did_estimate,
    statistics.control_baseline_n,
    statistics.control_current_n
from comparison
inner join statistics
    on
        comparison.baseline_label = statistics.baseline_label
        and comparison.kpi_code = statistics.kpi_code
        and comparison.grain = statistics.grain
        and comparison.region_code = statistics.region_code
where
    comparison.grain = 'region'
    and comparison.absolute_change is not null
    and (comparison.did_estimate is not null)
    != coalesce(statistics.control_baseline_n > 0 and statistics.control_current_n > 0, false)
