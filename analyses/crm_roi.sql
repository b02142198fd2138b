-- Did the CRM pay off? Return on investment per baseline (compiled, never materialised).
with

roi as (

    select * from {{ ref('fct_crm_roi') }}

),

final as (

    select
        baseline_label,
        evaluation_start_month,
        evaluation_end_month,
        baseline_monthly_margin_eur,
        evaluation_monthly_margin_eur,
        incremental_margin_eur,
        crm_cost_eur,
        net_return_eur,
        roi
    from roi

)

select * from final
