{#- Before/after comparison per frozen baseline (before_after.md). The baseline side comes
    only from baseline.kpi_baseline (frozen sums, never recomputed from today's data); the
    current side is int_kpi_window_sums' evaluation row of the row's scope, summed and valued
    the way the frozen rows were (window_kpi_value). A control region (no go-live) uses the
    company's windows.
    Difference-in-differences (live regions, region grain): the region's absolute change
    minus the change of the control pool = every other region not live by the end of the
    region's evaluation window, its components pooled (summed) over the SAME calendar
    windows: the region's baseline window (frozen comparison rows of the snapshot) and its
    evaluation window (comparison rows of int_kpi_window_sums). -#}
with

baseline as (

    select * from {{ ref('kpi_baseline') }}

),

window_sums as (

    select * from {{ ref('int_kpi_window_sums') }}

),

windows as (

    select * from {{ ref('int_rollout_windows') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

targets as (

    select * from {{ ref('stg_reference__kpi_targets') }}

),

baseline_own as (

    select *
    from baseline
    where not is_comparison_window

),

labels as (

    select distinct baseline_label from baseline

),

-- the evaluation window of the row's scope (company rows the company's, region and rep
-- rows their region's; a control region's are the company's)
current_sums as (

    select
        kpi_code,
        grain,
        region_code,
        rep_id,
        sum_numerator,
        sum_denominator,
        sum_sum_sq,
        window_value
    from window_sums
    where window_kind = 'evaluation' and not is_comparison_window

),

current_per_label as (

    select
        current_sums.*,
        labels.baseline_label
    from current_sums
    cross join labels

),

paired as (

    select
        baseline_own.window_start_month as baseline_start_month,
        baseline_own.window_end_month as baseline_end_month,
        baseline_own.months_in_window as baseline_months,
        baseline_own.sum_numerator as baseline_sum_numerator,
        baseline_own.sum_denominator as baseline_sum_denominator,
        baseline_own.sum_sum_sq as baseline_sum_sum_sq,
        baseline_own.baseline_value,
        current_per_label.sum_numerator as current_sum_numerator,
        current_per_label.sum_denominator as current_sum_denominator,
        current_per_label.sum_sum_sq as current_sum_sum_sq,
        current_per_label.window_value as current_value,
        coalesce(baseline_own.baseline_label, current_per_label.baseline_label)
            as baseline_label,
        coalesce(baseline_own.kpi_code, current_per_label.kpi_code) as kpi_code,
        coalesce(baseline_own.grain, current_per_label.grain) as grain,
        coalesce(baseline_own.region_code, current_per_label.region_code) as region_code,
        coalesce(baseline_own.rep_id, current_per_label.rep_id) as rep_id
    from baseline_own
    full outer join current_per_label
        on
            baseline_own.baseline_label = current_per_label.baseline_label
            and {{ same_kpi_cell('baseline_own', 'current_per_label') }}

),

with_windows as (

    select
        paired.*,
        windows.is_control,
        windows.window_scope_code,
        windows.evaluation_start_month,
        windows.evaluation_end_month,
        windows.months_in_evaluation,
        kpis.kpi_type,
        kpis.scale,
        kpis.unit,
        kpis.higher_is_better
    from paired
    inner join kpis on paired.kpi_code = kpis.kpi_code
    inner join windows
        on
            (paired.grain = 'company' and windows.grain = 'company')
            or (paired.grain in ('region', 'rep') and paired.region_code = windows.region_code)

),

-- control pool per live region: the other regions not live by its evaluation end
did_pairs as (

    select
        treated.region_code as treated_region_code,
        treated.evaluation_start_month,
        treated.evaluation_end_month,
        treated.months_in_evaluation,
        control.region_code as control_region_code
    from windows as treated
    inner join windows as control
        on
            control.grain = 'region'
            and treated.region_code != control.region_code
            -- records of no region are no control group (int_rollout_windows has no such
            -- scope; stated here too because the DiD must never depend on it)
            and control.region_code != {{ unassigned_region_code() }}
            and (
                control.go_live_month is null
                or treated.evaluation_end_month < control.go_live_month
            )
    where
        treated.grain = 'region'
        and not treated.is_control
        and treated.months_in_evaluation > 0

),

control_baseline as (

    select
        baseline.baseline_label,
        baseline.kpi_code,
        did_pairs.treated_region_code,
        max(baseline.months_in_window) as months_in_window,
        sum(baseline.sum_numerator) as sum_numerator,
        sum(baseline.sum_denominator) as sum_denominator,
        sum(baseline.sum_sum_sq) as sum_sum_sq
    from baseline
    inner join did_pairs
        on
            baseline.region_code = did_pairs.control_region_code
            and baseline.window_scope_code = did_pairs.treated_region_code
    where baseline.grain = 'region' and baseline.is_comparison_window
    group by
        baseline.baseline_label,
        baseline.kpi_code,
        did_pairs.treated_region_code

),

control_current as (

    select
        window_sums.kpi_code,
        did_pairs.treated_region_code,
        max(did_pairs.months_in_evaluation) as months_in_evaluation,
        sum(window_sums.sum_numerator) as sum_numerator,
        sum(window_sums.sum_denominator) as sum_denominator,
        sum(window_sums.sum_sum_sq) as sum_sum_sq
    from window_sums
    inner join did_pairs
        on
            window_sums.region_code = did_pairs.control_region_code
            and window_sums.window_scope_code = did_pairs.treated_region_code
    where
        window_sums.window_kind = 'evaluation'
        and window_sums.grain = 'region'
        and window_sums.is_comparison_window
    group by
        window_sums.kpi_code,
        did_pairs.treated_region_code

),

control_values as (

    select
        control_baseline.baseline_label,
        control_baseline.kpi_code,
        control_baseline.treated_region_code,
        {{ window_kpi_value(
            'kpis.kpi_type',
            'control_baseline.sum_numerator',
            'control_baseline.sum_denominator',
            'kpis.scale',
            'control_baseline.months_in_window'
        ) }} as control_baseline_value,
        {{ window_kpi_value(
            'kpis.kpi_type',
            'control_current.sum_numerator',
            'control_current.sum_denominator',
            'kpis.scale',
            'control_current.months_in_evaluation'
        ) }} as control_current_value,
        control_baseline.sum_denominator as control_baseline_n,
        control_current.sum_denominator as control_current_n,
        -- standard error of the pool's own change (mean KPIs): the DiD's interval needs it
        case
            when kpis.kpi_type = 'mean'
                then
                    {{ welch_se(
                        'control_baseline.sum_denominator',
                        'control_baseline.sum_numerator',
                        'control_baseline.sum_sum_sq',
                        'control_current.sum_denominator',
                        'control_current.sum_numerator',
                        'control_current.sum_sum_sq',
                        'kpis.scale'
                    ) }}
        end as control_change_se
    from control_baseline
    inner join kpis on control_baseline.kpi_code = kpis.kpi_code
    left join control_current
        on
            control_baseline.kpi_code = control_current.kpi_code
            and control_baseline.treated_region_code = control_current.treated_region_code

),

target_matches as (

    select
        with_windows.baseline_label,
        with_windows.kpi_code,
        with_windows.grain,
        with_windows.region_code,
        with_windows.rep_id,
        targets.target_value
    from with_windows
    inner join targets
        on
            {{ same_kpi_cell('with_windows', 'targets') }}
            and with_windows.evaluation_end_month
            between targets.valid_from_month and targets.valid_to_month
    -- overlapping target rows: the most recently started one applies
    qualify
        row_number() over (
            partition by
                with_windows.baseline_label,
                with_windows.kpi_code,
                with_windows.grain,
                with_windows.region_code,
                with_windows.rep_id
            order by targets.valid_from_month desc, targets.target_value asc
        ) = 1

),

compared as (

    select
        with_windows.*,
        target_matches.target_value,
        control_values.control_baseline_value,
        control_values.control_current_value,
        control_values.control_baseline_n,
        control_values.control_current_n,
        control_values.control_change_se,
        with_windows.current_value - with_windows.baseline_value as absolute_change,
        case
            when with_windows.kpi_type = 'mean'
                then
                    {{ welch_z(
                        'with_windows.baseline_sum_denominator',
                        'with_windows.baseline_sum_numerator',
                        'with_windows.baseline_sum_sum_sq',
                        'with_windows.current_sum_denominator',
                        'with_windows.current_sum_numerator',
                        'with_windows.current_sum_sum_sq',
                        'with_windows.scale'
                    ) }}
        end as welch_z
    from with_windows
    left join target_matches
        on
            with_windows.baseline_label = target_matches.baseline_label
            and {{ same_kpi_cell('with_windows', 'target_matches') }}
    left join control_values
        on
            with_windows.grain = 'region'
            and with_windows.baseline_label = control_values.baseline_label
            and with_windows.kpi_code = control_values.kpi_code
            and with_windows.region_code = control_values.treated_region_code

),

final as (

    select
        cast(baseline_label as varchar) as baseline_label,
        cast(kpi_code as varchar) as kpi_code,
        cast(grain as varchar) as grain,
        cast(region_code as varchar) as region_code,
        cast(rep_id as varchar) as rep_id,
        cast(kpi_type as varchar) as kpi_type,
        cast(higher_is_better as boolean) as higher_is_better,
        cast(is_control as boolean) as is_control_region,
        cast(window_scope_code as varchar) as window_scope_code,
        cast(baseline_start_month as date) as baseline_start_month,
        cast(baseline_end_month as date) as baseline_end_month,
        cast(baseline_months as integer) as baseline_months,
        cast(baseline_sum_denominator as double) as baseline_n,
        cast(baseline_value as double) as baseline_value,
        cast(evaluation_start_month as date) as evaluation_start_month,
        cast(evaluation_end_month as date) as evaluation_end_month,
        cast(months_in_evaluation as integer) as evaluation_months,
        cast(current_sum_denominator as double) as current_n,
        cast(current_value as double) as current_value,
        cast(absolute_change as double) as absolute_change,
        cast({{ safe_divide('absolute_change', 'abs(baseline_value)') }} as double)
            as relative_change,
        cast(
            case
                when higher_is_better then absolute_change > 0
                when not higher_is_better then absolute_change < 0
            end as boolean
        ) as is_improvement,
        cast(welch_z as double) as welch_z,
        cast(
            case
                when kpi_type = 'mean'
                    then
                        coalesce(abs(welch_z) >= 1.96, false)
                        and coalesce(baseline_sum_denominator >= 30, false)
                        and coalesce(current_sum_denominator >= 30, false)
            end as boolean
        ) as is_significant,
        cast(target_value as double) as target_value,
        cast(
            case
                when higher_is_better then current_value >= target_value
                when not higher_is_better then current_value <= target_value
            end as boolean
        ) as is_target_met,
        cast(control_baseline_value as double) as control_baseline_value,
        cast(control_current_value as double) as control_current_value,
        cast(control_current_value - control_baseline_value as double) as control_change,
        cast(control_baseline_n as double) as control_baseline_n,
        cast(control_current_n as double) as control_current_n,
        cast(control_change_se as double) as control_change_se,
        cast(absolute_change - (control_current_value - control_baseline_value) as double)
            as did_estimate,
        -- levels as fractions for BI percent formats (changes stay in points of the KPI's
        -- scale): docs/bi_conventions.md
        cast({{ percent_ratio('baseline_value', 'unit') }} as double) as baseline_value_ratio,
        cast({{ percent_ratio('current_value', 'unit') }} as double) as current_value_ratio,
        cast({{ percent_ratio('target_value', 'unit') }} as double) as target_value_ratio,
        cast({{ percent_ratio('control_baseline_value', 'unit') }} as double)
            as control_baseline_value_ratio,
        cast({{ percent_ratio('control_current_value', 'unit') }} as double)
            as control_current_value_ratio
    from compared

)

select * from final
