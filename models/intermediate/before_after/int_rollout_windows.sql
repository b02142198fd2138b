{#- Before/after windows per scope (before_after.md "Roll-out plan"): every region of the
    region mapping plus the company. A region without a roll-out row has not gone live: it is
    a control region and takes the company's windows, so its before/after rows compare the
    same calendar months as the company's (and its baseline is frozen in the same snapshot).
    Month arithmetic on first-of-month dates; the go-live month itself is the first
    stabilisation month even when the go-live date is mid-month. The unassigned region
    (records that map to no region) is no scope: it never goes live, is never a control
    region and gets no before/after rows; its records count in the company's. -#}
{%- set baseline_months = var('baseline_months') | int -%}
{%- set stabilization_months = var('stabilization_months') | int -%}
{%- set evaluation_months = var('evaluation_months') | int -%}
with

region_mapping as (

    select * from {{ ref('stg_reference__region_mapping') }}

),

crm_rollout as (

    select * from {{ ref('stg_reference__crm_rollout') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

data_bounds as (

    select
        min(period_month) as first_data_month,
        max(period_month) filter (where is_complete_month) as last_complete_month
    from month_spine

),

regions as (

    select
        region_code,
        min(region_name) as region_name
    from region_mapping
    where
        region_code is not null
        and region_code != {{ unassigned_region_code() }}
    group by region_code

),

go_lives as (

    select
        region_code,
        min(go_live_date) as go_live_date
    from crm_rollout
    where region_code is not null and go_live_date is not null
    group by region_code

),

scopes as (

    select
        'company' as scope_code,
        'company' as grain,
        cast(null as varchar) as region_code,
        'Unternehmen' as region_name,
        -- the company goes live with its first region (regions missing from the mapping
        -- cannot carry facts, so they do not count)
        (
            select min(go_lives.go_live_date)
            from go_lives
            inner join regions on go_lives.region_code = regions.region_code
        ) as go_live_date,
        false as is_control
    union all
    select
        regions.region_code as scope_code,
        'region' as grain,
        regions.region_code,
        regions.region_name,
        go_lives.go_live_date,
        go_lives.go_live_date is null as is_control
    from regions
    left join go_lives on regions.region_code = go_lives.region_code

),

window_scopes as (

    -- the scope whose go-live defines the windows: the scope itself, the company for a
    -- control region
    select
        scopes.*,
        case when scopes.is_control then 'company' else scopes.scope_code end
            as window_scope_code
    from scopes

),

window_go_lives as (

    select
        window_scopes.*,
        cast(date_trunc('month', window_go_live.go_live_date) as date) as window_go_live_month
    from window_scopes
    left join scopes as window_go_live
        on window_scopes.window_scope_code = window_go_live.scope_code

),

nominal as (

    select
        window_go_lives.*,
        data_bounds.first_data_month,
        data_bounds.last_complete_month,
        greatest(
            cast(
                window_go_lives.window_go_live_month - interval {{ baseline_months }} month
                as date
            ),
            data_bounds.first_data_month
        ) as clipped_baseline_start_month,
        cast(window_go_lives.window_go_live_month - interval 1 month as date)
            as nominal_baseline_end_month,
        cast(
            window_go_lives.window_go_live_month + interval {{ stabilization_months - 1 }} month
            as date
        ) as nominal_stabilization_end_month,
        cast(
            window_go_lives.window_go_live_month + interval {{ stabilization_months }} month
            as date
        ) as first_evaluation_month,
        cast(
            data_bounds.last_complete_month - interval {{ evaluation_months - 1 }} month as date
        ) as earliest_capped_evaluation_month
    from window_go_lives
    cross join data_bounds

),

windows as (

    select
        *,
        clipped_baseline_start_month <= nominal_baseline_end_month as has_baseline,
        first_evaluation_month <= last_complete_month as has_evaluation
    from nominal

),

final as (

    select
        cast(scope_code as varchar) as scope_code,
        cast(grain as varchar) as grain,
        cast(region_code as varchar) as region_code,
        cast(region_name as varchar) as region_name,
        cast(case when not is_control then go_live_date end as date) as go_live_date,
        cast(
            case when not is_control then date_trunc('month', go_live_date) end as date
        ) as go_live_month,
        cast(is_control as boolean) as is_control,
        cast(window_scope_code as varchar) as window_scope_code,
        cast(first_data_month as date) as first_data_month,
        cast(last_complete_month as date) as last_complete_month,
        cast(case when has_baseline then clipped_baseline_start_month end as date)
            as baseline_start_month,
        cast(case when has_baseline then nominal_baseline_end_month end as date)
            as baseline_end_month,
        cast(
            case
                when has_baseline
                    then
                        datediff(
                            'month', clipped_baseline_start_month, nominal_baseline_end_month
                        )
                        + 1
                else 0
            end as integer
        ) as months_in_baseline,
        cast(
            coalesce(has_baseline and nominal_baseline_end_month <= last_complete_month, false)
            as boolean
        ) as is_baseline_complete,
        cast(window_go_live_month as date) as stabilization_start_month,
        cast(nominal_stabilization_end_month as date) as stabilization_end_month,
        cast(
            case
                when has_evaluation
                    then greatest(first_evaluation_month, earliest_capped_evaluation_month)
            end as date
        ) as evaluation_start_month,
        cast(case when has_evaluation then last_complete_month end as date)
            as evaluation_end_month,
        cast(
            case
                when has_evaluation
                    then
                        datediff(
                            'month',
                            greatest(first_evaluation_month, earliest_capped_evaluation_month),
                            last_complete_month
                        )
                        + 1
                else 0
            end as integer
        ) as months_in_evaluation
    from windows

)

select * from final
