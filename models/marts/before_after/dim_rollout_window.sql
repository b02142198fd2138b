{#- The before/after windows per scope (company and every region) for people and reports:
    go-live, baseline, stabilisation and evaluation months as int_rollout_windows derives them
    (docs/before_after.md, "Windows"). A published copy, so that no report reads an
    intermediate model. -#}
with

windows as (

    select * from {{ ref('int_rollout_windows') }}

),

final as (

    select
        cast(scope_code as varchar) as scope_code,
        cast(grain as varchar) as grain,
        cast(region_code as varchar) as region_code,
        cast(region_name as varchar) as region_name,
        cast(is_control as boolean) as is_control,
        cast(window_scope_code as varchar) as window_scope_code,
        cast(go_live_date as date) as go_live_date,
        cast(go_live_month as date) as go_live_month,
        cast(baseline_start_month as date) as baseline_start_month,
        cast(baseline_end_month as date) as baseline_end_month,
        cast(months_in_baseline as integer) as baseline_months,
        cast(is_baseline_complete as boolean) as is_baseline_complete,
        cast(stabilization_start_month as date) as stabilization_start_month,
        cast(stabilization_end_month as date) as stabilization_end_month,
        cast(evaluation_start_month as date) as evaluation_start_month,
        cast(evaluation_end_month as date) as evaluation_end_month,
        cast(months_in_evaluation as integer) as evaluation_months
    from windows

)

select * from final
