-- A frozen baseline value must be the window formula applied to its frozen sums (a file
-- edited by hand in one place but not the other shows up here; --verify catches the rest).
with

baseline as (

    select * from {{ ref('kpi_baseline') }}

)

select
    baseline_label,
    kpi_code,
    grain,
    region_code,
    rep_id,
    window_scope_code,
    baseline_value
from baseline
where
    abs(
        coalesce(baseline_value, 0)
        - coalesce(
            {{ window_kpi_value('kpi_type', 'sum_numerator', 'sum_denominator', 'scale',
                'months_in_window') }},
            0
        )
    ) > 1e-9 * greatest(1, abs(coalesce(baseline_value, 0)))
    or (baseline_value is null) != (
        {{ window_kpi_value('kpi_type', 'sum_numerator', 'sum_denominator', 'scale',
            'months_in_window') }} is null
    )
