{#- CRM return on investment per frozen baseline, company grain (before_after.md):
    ((evaluation-window monthly contribution margin − baseline monthly contribution margin)
    × evaluation months − CRM costs booked in the evaluation window) ÷ those costs.
    The baseline monthly margin is the frozen company row of contribution_margin_eur
    (a total: its monthly average over the baseline window); the evaluation side is the
    company's evaluation row of int_kpi_window_sums, valued the same way (window_kpi_value). Only costs booked inside the evaluation
    window are set against it (implementation costs of the roll-out itself are not), as the
    spec defines it.
    That ROI credits the CRM with all margin growth. The did_* columns set it against the
    control regions (docs/before_after.md, "ROI next to a comparison"): per live region the
    margin it would have had growing like its control pool, baseline × (1 + the pool's relative
    change); the effect is its actual change minus that growth, per month × its evaluation
    months, summed over the live regions. -#}
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

crm_costs as (

    select * from {{ ref('int_crm_cost_cumulative') }}

),

before_after as (

    select * from {{ ref('fct_kpi_before_after') }}

),

company_window as (

    select
        evaluation_start_month,
        evaluation_end_month,
        months_in_evaluation
    from windows
    where grain = 'company'

),

baseline_margin as (

    select
        baseline_label,
        window_start_month,
        window_end_month,
        baseline_value as baseline_monthly_margin_eur
    from baseline
    where
        kpi_code = 'contribution_margin_eur'
        and grain = 'company'
        and not is_comparison_window

),

evaluation_margin as (

    select
        company_window.evaluation_start_month,
        company_window.evaluation_end_month,
        company_window.months_in_evaluation,
        window_sums.window_value as evaluation_monthly_margin_eur
    from company_window
    left join window_sums
        on
            window_sums.kpi_code = 'contribution_margin_eur'
            and window_sums.grain = 'company'
            and window_sums.window_kind = 'evaluation'
            and not window_sums.is_comparison_window

),

evaluation_costs as (

    select sum(crm_costs.actual_eur) as crm_cost_eur
    from crm_costs
    inner join company_window
        on
            crm_costs.period_month between company_window.evaluation_start_month
            and company_window.evaluation_end_month

),

-- relative, not absolute: the pool's margin level differs from the region's. Summed in
-- region order: a float sum in table order could differ in the last bit from build to build
did_margin as (

    select
        baseline_label,
        count(*) as did_regions,
        sum(
            (
                absolute_change
                - baseline_value
                * {{ safe_divide('control_change', 'abs(control_baseline_value)') }}
            )
            * evaluation_months
            order by region_code
        ) as did_incremental_margin_eur
    from before_after
    where
        kpi_code = 'contribution_margin_eur'
        and grain = 'region'
        and did_estimate is not null
    group by baseline_label

),

combined as (

    select
        baseline_margin.baseline_label,
        baseline_margin.window_start_month as baseline_start_month,
        baseline_margin.window_end_month as baseline_end_month,
        evaluation_margin.evaluation_start_month,
        evaluation_margin.evaluation_end_month,
        evaluation_margin.months_in_evaluation,
        baseline_margin.baseline_monthly_margin_eur,
        evaluation_margin.evaluation_monthly_margin_eur,
        evaluation_costs.crm_cost_eur,
        did_margin.did_incremental_margin_eur,
        (
            evaluation_margin.evaluation_monthly_margin_eur
            - baseline_margin.baseline_monthly_margin_eur
        )
        * evaluation_margin.months_in_evaluation as incremental_margin_eur,
        coalesce(did_margin.did_regions, 0) as did_regions
    from baseline_margin
    cross join evaluation_margin
    cross join evaluation_costs
    left join did_margin on baseline_margin.baseline_label = did_margin.baseline_label

),

final as (

    select
        cast(baseline_label as varchar) as baseline_label,
        cast(baseline_start_month as date) as baseline_start_month,
        cast(baseline_end_month as date) as baseline_end_month,
        cast(evaluation_start_month as date) as evaluation_start_month,
        cast(evaluation_end_month as date) as evaluation_end_month,
        cast(months_in_evaluation as integer) as evaluation_months,
        cast(baseline_monthly_margin_eur as double) as baseline_monthly_margin_eur,
        cast(evaluation_monthly_margin_eur as double) as evaluation_monthly_margin_eur,
        cast(incremental_margin_eur as double) as incremental_margin_eur,
        cast(crm_cost_eur as double) as crm_cost_eur,
        cast(incremental_margin_eur - crm_cost_eur as double) as net_return_eur,
        cast({{ safe_divide('incremental_margin_eur - crm_cost_eur', 'crm_cost_eur') }} as double)
            as roi,
        cast(did_regions as integer) as did_regions,
        cast(did_incremental_margin_eur as double) as did_incremental_margin_eur,
        cast(did_incremental_margin_eur - crm_cost_eur as double) as did_net_return_eur,
        cast(
            {{ safe_divide('did_incremental_margin_eur - crm_cost_eur', 'crm_cost_eur') }} as double
        ) as did_roi
    from combined

)

select * from final
