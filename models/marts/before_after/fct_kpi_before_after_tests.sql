{#- Honest statistics for the before/after verdict (docs/before_after.md, "Statistics"):
    95 % confidence intervals of the change and of the difference-in-differences, two-sided
    p-values and Benjamini-Hochberg q-values. One row per fct_kpi_before_after row, only for
    mean KPIs (ratios and totals carry no variance).
    - change: SE = |absolute_change / welch_z| (welch_z is change / SE by definition), so the
      interval and p-value are those of the published z.
    - DiD: SE = √(SE_change² + SE_control²), SE_control being the control pool's Welch
      standard error that fct_kpi_before_after computes with the pool itself
      (control_change_se): the pool is defined in one place only.
    - family of the BH correction: one baseline label, one grain, one test kind (change or
      DiD), rows whose test is valid (both n ≥ 30, as is_significant demands). -#}
with

comparison as (

    select * from {{ ref('fct_kpi_before_after') }}

),

---------- standard errors and test statistics

errors as (

    select
        comparison.baseline_label,
        comparison.kpi_code,
        comparison.grain,
        comparison.region_code,
        comparison.rep_id,
        comparison.absolute_change,
        comparison.welch_z,
        comparison.did_estimate,
        comparison.control_baseline_n as pool_baseline_n,
        comparison.control_current_n as pool_current_n,
        comparison.control_change_se as pool_se,
        abs({{ safe_divide('comparison.absolute_change', 'comparison.welch_z') }})
            as change_se,
        coalesce(comparison.baseline_n >= 30, false)
        and coalesce(comparison.current_n >= 30, false) as is_change_testable
    from comparison
    where comparison.kpi_type = 'mean'

),

with_did as (

    select
        *,
        sqrt(change_se * change_se + pool_se * pool_se) as did_se
    from errors

),

tested as (

    select
        *,
        {{ safe_divide('did_estimate', 'did_se') }} as did_z,
        {{ normal_p_value('welch_z') }} as change_p_value,
        {{ normal_p_value(safe_divide('did_estimate', 'did_se')) }} as did_p_value,
        is_change_testable
        and welch_z is not null as is_change_in_family,
        is_change_testable
        and did_estimate is not null
        and did_se > 0
        and coalesce(pool_baseline_n >= 30, false)
        and coalesce(pool_current_n >= 30, false) as is_did_in_family
    from with_did

),

---------- Benjamini-Hochberg: q(i) = min over j ≥ i of p(j) × m / j, p sorted ascending

change_adjusted as (

    {{ benjamini_hochberg('tested', 'change_p_value', 'is_change_in_family') }}

),

did_adjusted as (

    {{ benjamini_hochberg('tested', 'did_p_value', 'is_did_in_family') }}

),

final as (

    select
        cast(tested.baseline_label as varchar) as baseline_label,
        cast(tested.kpi_code as varchar) as kpi_code,
        cast(tested.grain as varchar) as grain,
        cast(tested.region_code as varchar) as region_code,
        cast(tested.rep_id as varchar) as rep_id,
        cast(tested.absolute_change as double) as absolute_change,
        cast(tested.change_se as double) as change_se,
        cast(tested.absolute_change - 1.959963984540054 * tested.change_se as double)
            as change_ci_low,
        cast(tested.absolute_change + 1.959963984540054 * tested.change_se as double)
            as change_ci_high,
        cast(tested.change_p_value as double) as change_p_value,
        cast(tested.is_change_in_family as boolean) as is_change_in_family,
        cast(change_adjusted.family_size as integer) as change_family_size,
        cast(change_adjusted.q_value as double) as change_q_value,
        cast(tested.is_change_in_family and tested.change_p_value < 0.05 as boolean)
            as is_change_significant_raw,
        cast(tested.is_change_in_family and change_adjusted.q_value < 0.05 as boolean)
            as is_change_significant_bh,
        cast(tested.did_estimate as double) as did_estimate,
        cast(tested.did_se as double) as did_se,
        cast(tested.did_estimate - 1.959963984540054 * tested.did_se as double) as did_ci_low,
        cast(tested.did_estimate + 1.959963984540054 * tested.did_se as double) as did_ci_high,
        cast(tested.did_z as double) as did_z,
        cast(tested.did_p_value as double) as did_p_value,
        cast(tested.pool_baseline_n as double) as control_baseline_n,
        cast(tested.pool_current_n as double) as control_current_n,
        cast(tested.is_did_in_family as boolean) as is_did_in_family,
        cast(did_adjusted.family_size as integer) as did_family_size,
        cast(did_adjusted.q_value as double) as did_q_value,
        cast(tested.is_did_in_family and tested.did_p_value < 0.05 as boolean)
            as is_did_significant_raw,
        cast(tested.is_did_in_family and did_adjusted.q_value < 0.05 as boolean)
            as is_did_significant_bh
    from tested
    left join change_adjusted
        on
            tested.baseline_label = change_adjusted.baseline_label
            and {{ same_kpi_cell('tested', 'change_adjusted') }}
    left join did_adjusted
        on
            tested.baseline_label = did_adjusted.baseline_label
            and tested.kpi_code = did_adjusted.kpi_code
            and tested.grain = did_adjusted.grain
            and tested.region_code is not distinct from did_adjusted.region_code

)

select * from final
