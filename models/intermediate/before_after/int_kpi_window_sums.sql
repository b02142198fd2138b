{#- The KPI components of fct_kpi_monthly summed over every window the verdict compares
    (docs/before_after.md), valued with the one window formula (window_kpi_value). One
    computation for the baseline and the evaluation side: the snapshot freezes the baseline
    rows, fct_kpi_before_after reads the evaluation rows, the scorecard the calendar periods,
    fct_crm_roi the company's evaluation margin.
    - own windows: company rows the company's, region and rep rows their region's (a control
      region's are the company's), window_scope_code as int_rollout_windows says;
    - comparison windows (difference-in-differences): every region's region row also over
      every live region's window (is_comparison_window, window_scope_code = the live region);
    - scorecard periods: the last complete month and the last complete quarter, every row
      (window_scope_code null: a calendar period, no scope's window).
    Suppressed (anonymised) months count neither in Σx nor in n nor in months_counted; a
    window without a counted month has no row. Sums are ordered by month, so the float result
    is the same from run to run. -#}
with

facts as (

    select * from {{ ref('fct_kpi_monthly') }}

),

windows as (

    select * from {{ ref('int_rollout_windows') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

---------- the windows: baseline and evaluation per scope, the scorecard's calendar periods

scope_windows as (

    select
        scope_code,
        grain,
        region_code,
        is_control,
        window_scope_code,
        'baseline' as window_kind,
        baseline_start_month as window_start_month,
        baseline_end_month as window_end_month,
        months_in_baseline as months_in_window
    from windows
    union all
    select
        scope_code,
        grain,
        region_code,
        is_control,
        window_scope_code,
        'evaluation' as window_kind,
        evaluation_start_month as window_start_month,
        evaluation_end_month as window_end_month,
        months_in_evaluation as months_in_window
    from windows

),

last_complete as (

    select max(period_month) filter (where is_complete_month) as last_complete_month
    from month_spine

),

periods as (

    select
        'month' as window_kind,
        last_complete_month as window_start_month,
        last_complete_month as window_end_month,
        1 as months_in_window
    from last_complete
    union all
    -- the last quarter whose three months are all complete
    select
        'quarter' as window_kind,
        cast(
            date_trunc('quarter', last_complete_month + interval 1 month) - interval 3 month
            as date
        ) as window_start_month,
        cast(
            date_trunc('quarter', last_complete_month + interval 1 month) - interval 1 month
            as date
        ) as window_end_month,
        3 as months_in_window
    from last_complete

),

---------- fact months per window

counted_facts as (

    -- suppressed (anonymised) months count neither in Σx nor in n
    select
        kpi_code,
        grain,
        region_code,
        rep_id,
        period_month,
        numerator,
        denominator,
        sum_sq
    from facts
    where numerator is not null

),

own_windows as (

    select
        counted_facts.*,
        scope_windows.window_kind,
        scope_windows.window_scope_code,
        false as is_comparison_window,
        scope_windows.window_start_month,
        scope_windows.window_end_month,
        scope_windows.months_in_window
    from counted_facts
    inner join scope_windows
        on
            (counted_facts.grain = 'company' and scope_windows.grain = 'company')
            or (
                counted_facts.grain in ('region', 'rep')
                and counted_facts.region_code = scope_windows.region_code
            )
    where
        counted_facts.period_month between scope_windows.window_start_month
        and scope_windows.window_end_month

),

comparison_windows as (

    select
        counted_facts.*,
        live.window_kind,
        live.scope_code as window_scope_code,
        true as is_comparison_window,
        live.window_start_month,
        live.window_end_month,
        live.months_in_window
    from counted_facts
    inner join scope_windows as live
        on
            live.grain = 'region'
            and not live.is_control
            and counted_facts.region_code != live.region_code
    where
        counted_facts.grain = 'region'
        and counted_facts.period_month between live.window_start_month
        and live.window_end_month

),

period_windows as (

    select
        counted_facts.*,
        periods.window_kind,
        cast(null as varchar) as window_scope_code,
        false as is_comparison_window,
        periods.window_start_month,
        periods.window_end_month,
        periods.months_in_window
    from counted_facts
    inner join periods
        on
            counted_facts.period_month between periods.window_start_month
            and periods.window_end_month

),

in_window as (

    select * from own_windows
    union all
    select * from comparison_windows
    union all
    select * from period_windows

),

summed as (

    select
        kpi_code,
        grain,
        region_code,
        rep_id,
        window_kind,
        window_scope_code,
        is_comparison_window,
        window_start_month,
        window_end_month,
        months_in_window,
        count(distinct period_month) as months_counted,
        sum(numerator order by period_month) as sum_numerator,
        sum(denominator order by period_month) as sum_denominator,
        sum(sum_sq order by period_month) as sum_sum_sq
    from in_window
    group by
        kpi_code,
        grain,
        region_code,
        rep_id,
        window_kind,
        window_scope_code,
        is_comparison_window,
        window_start_month,
        window_end_month,
        months_in_window

),

final as (

    select
        cast(summed.window_kind as varchar) as window_kind,
        cast(summed.kpi_code as varchar) as kpi_code,
        cast(summed.grain as varchar) as grain,
        cast(summed.region_code as varchar) as region_code,
        cast(summed.rep_id as varchar) as rep_id,
        cast(summed.window_scope_code as varchar) as window_scope_code,
        cast(summed.is_comparison_window as boolean) as is_comparison_window,
        cast(summed.window_start_month as date) as window_start_month,
        cast(summed.window_end_month as date) as window_end_month,
        cast(summed.months_in_window as integer) as months_in_window,
        cast(summed.months_counted as integer) as months_counted,
        cast(summed.sum_numerator as double) as sum_numerator,
        cast(summed.sum_denominator as double) as sum_denominator,
        cast(summed.sum_sum_sq as double) as sum_sum_sq,
        cast(kpis.kpi_type as varchar) as kpi_type,
        cast(kpis.scale as double) as scale,
        cast(
            {{ window_kpi_value(
                'kpis.kpi_type',
                'summed.sum_numerator',
                'summed.sum_denominator',
                'kpis.scale',
                'summed.months_in_window'
            ) }} as double
        ) as window_value
    from summed
    inner join kpis on summed.kpi_code = kpis.kpi_code

)

select * from final
