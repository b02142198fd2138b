{#- The scorecard: headline KPIs (dim_kpi.is_headline) for the latest complete month and
    the latest complete quarter, per company and region, against the frozen baseline that
    belongs to this data (baseline_selection: var baseline_label, else the newest baseline
    whose manifest matches the data). Without one every row says so (baseline_status,
    baseline_message with the command that takes one) and carries no baseline value, change
    or z. A period's value is int_kpi_window_sums' (the window formula, window_kpi_value), so
    a total is a monthly average, comparable with the baseline's. Verdict: for a mean KPI the
    change must be significant (Welch z of the period vs the baseline, |z| ≥ 1.96, both n ≥ 30), else
    'no significant change'; ratios and totals have no variance, their direction alone
    decides. -#}
with

window_sums as (

    select * from {{ ref('int_kpi_window_sums') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

baseline as (

    select * from {{ ref('kpi_baseline') }}

),

selection as (

    select * from {{ ref('baseline_selection') }}

),

targets as (

    select * from {{ ref('stg_reference__kpi_targets') }}

),

-- the latest complete month and quarter (int_kpi_window_sums' calendar periods)
period_sums as (

    select
        window_sums.window_kind as period_type,
        window_sums.window_start_month as period_start_month,
        window_sums.window_end_month as period_end_month,
        window_sums.kpi_code,
        window_sums.grain,
        window_sums.region_code,
        window_sums.sum_numerator,
        window_sums.sum_denominator,
        window_sums.sum_sum_sq,
        window_sums.window_value as period_value
    from window_sums
    inner join kpis on window_sums.kpi_code = kpis.kpi_code
    where
        window_sums.window_kind in ('month', 'quarter')
        and kpis.is_headline
        and window_sums.grain in ('company', 'region')

),

baseline_own as (

    select baseline.*
    from baseline
    inner join selection on baseline.baseline_label = selection.baseline_label
    where
        not baseline.is_comparison_window
        and baseline.grain in ('company', 'region')

),

valued as (

    select
        period_sums.*,
        kpis.kpi_type,
        kpis.unit,
        kpis.higher_is_better,
        baseline_own.baseline_label,
        baseline_own.baseline_value,
        baseline_own.sum_denominator as baseline_n,
        case
            when kpis.kpi_type = 'mean'
                then
                    {{ welch_z(
                        'baseline_own.sum_denominator',
                        'baseline_own.sum_numerator',
                        'baseline_own.sum_sum_sq',
                        'period_sums.sum_denominator',
                        'period_sums.sum_numerator',
                        'period_sums.sum_sum_sq',
                        'kpis.scale'
                    ) }}
        end as welch_z,
        selection.baseline_status,
        selection.baseline_message
    from period_sums
    inner join kpis on period_sums.kpi_code = kpis.kpi_code
    cross join selection
    left join baseline_own
        on
            period_sums.kpi_code = baseline_own.kpi_code
            and period_sums.grain = baseline_own.grain
            and period_sums.region_code is not distinct from baseline_own.region_code

),

with_targets as (

    select
        valued.*,
        targets.target_value
    from valued
    left join targets
        on
            valued.kpi_code = targets.kpi_code
            and valued.grain = targets.grain
            and valued.region_code is not distinct from targets.region_code
            and targets.rep_id is null
            and valued.period_end_month
            between targets.valid_from_month and targets.valid_to_month
    qualify
        row_number() over (
            partition by valued.period_type, valued.kpi_code, valued.grain, valued.region_code
            order by targets.valid_from_month desc nulls last, targets.target_value asc
        ) = 1

),

judged as (

    select
        *,
        period_value - baseline_value as absolute_change,
        case
            when higher_is_better then period_value - baseline_value > 0
            when not higher_is_better then period_value - baseline_value < 0
        end as is_improvement,
        kpi_type != 'mean'
        or (
            coalesce(abs(welch_z) >= 1.96, false)
            and coalesce(baseline_n >= 30, false)
            and coalesce(sum_denominator >= 30, false)
        ) as is_significant,
        case
            when higher_is_better then period_value >= target_value
            when not higher_is_better then period_value <= target_value
        end as is_target_met
    from with_targets

),

verdicts as (

    select
        *,
        case
            when baseline_value is null or period_value is null then 'no baseline'
            when not is_significant or absolute_change = 0 then 'no significant change'
            when higher_is_better is null then 'changed'
            when is_improvement then 'improved'
            else 'worse'
        end as verdict
    from judged

),

final as (

    select
        cast(period_type as varchar) as period_type,
        cast(period_start_month as date) as period_start_month,
        cast(period_end_month as date) as period_end_month,
        cast(kpi_code as varchar) as kpi_code,
        cast(grain as varchar) as grain,
        cast(region_code as varchar) as region_code,
        cast(baseline_label as varchar) as baseline_label,
        cast(baseline_status as varchar) as baseline_status,
        cast(baseline_message as varchar) as baseline_message,
        cast(period_value as double) as period_value,
        cast(sum_denominator as double) as period_n,
        cast(baseline_value as double) as baseline_value,
        cast(target_value as double) as target_value,
        cast(absolute_change as double) as absolute_change,
        cast({{ safe_divide('absolute_change', 'abs(baseline_value)') }} as double)
            as relative_change,
        cast(welch_z as double) as welch_z,
        cast(is_target_met as boolean) as is_target_met,
        cast(verdict as varchar) as verdict,
        cast(
            verdict
            || case
                when is_target_met then ', target met'
                when not is_target_met then ', target missed'
                else ''
            end as varchar
        ) as verdict_label,
        -- levels as fractions for BI percent formats (docs/bi_conventions.md)
        cast({{ percent_ratio('period_value', 'unit') }} as double) as period_value_ratio,
        cast({{ percent_ratio('baseline_value', 'unit') }} as double) as baseline_value_ratio,
        cast({{ percent_ratio('target_value', 'unit') }} as double) as target_value_ratio
    from verdicts

)

select * from final
