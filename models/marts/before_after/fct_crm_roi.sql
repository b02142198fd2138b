{#- CRM return on investment per frozen baseline, company grain (before_after.md):
    ((evaluation-window monthly contribution margin − baseline monthly contribution margin)
    × evaluation months − CRM costs booked in the evaluation window) ÷ those costs.
    The baseline monthly margin is the frozen company row of contribution_margin_eur
    (a total: its monthly average over the baseline window); the evaluation side sums
    fct_kpi_monthly the same way (window_kpi_value). Only costs booked inside the evaluation
    window are set against it (implementation costs of the roll-out itself are not), as the
    spec defines it. -#}
with

baseline as (

    select * from {{ ref('kpi_baseline') }}

),

facts as (

    select * from {{ ref('fct_kpi_monthly') }}

),

windows as (

    select * from {{ ref('int_rollout_windows') }}

),

crm_costs as (

    select * from {{ ref('int_crm_cost_cumulative') }}

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
        {{ window_kpi_value(
            "'total'",
            'sum(facts.numerator)',
            'null',
            '1',
            'company_window.months_in_evaluation'
        ) }} as evaluation_monthly_margin_eur
    from company_window
    left join facts
        on
            facts.kpi_code = 'contribution_margin_eur'
            and facts.grain = 'company'
            and facts.period_month between company_window.evaluation_start_month
            and company_window.evaluation_end_month
    group by
        company_window.evaluation_start_month,
        company_window.evaluation_end_month,
        company_window.months_in_evaluation

),

evaluation_costs as (

    select sum(crm_costs.actual_eur) as crm_cost_eur
    from crm_costs
    inner join company_window
        on
            crm_costs.period_month between company_window.evaluation_start_month
            and company_window.evaluation_end_month

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
        (
            evaluation_margin.evaluation_monthly_margin_eur
            - baseline_margin.baseline_monthly_margin_eur
        )
        * evaluation_margin.months_in_evaluation as incremental_margin_eur
    from baseline_margin
    cross join evaluation_margin
    cross join evaluation_costs

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
            as roi
    from combined

)

select * from final
