-- The verdict per region for the KPIs with a planted effect (compiled by dbt, never
-- materialised): `dbt compile --select verdict_by_region`, then run the SQL in
-- target/compiled/. A live region's did_estimate is its change net of the control regions'
-- trend over the same months. The baseline is the one the scorecard uses
-- (baseline.baseline_selection: var baseline_label, else the newest matching this data).
with

before_after as (

    select * from {{ ref('fct_kpi_before_after') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

selection as (

    select * from {{ ref('baseline_selection') }}

),

final as (

    select
        before_after.region_code,
        before_after.kpi_code,
        kpis.label_de,
        before_after.is_control_region,
        before_after.baseline_value,
        before_after.current_value,
        before_after.absolute_change,
        before_after.welch_z,
        before_after.is_significant,
        before_after.is_improvement,
        before_after.did_estimate
    from before_after
    inner join kpis on before_after.kpi_code = kpis.kpi_code
    inner join selection on before_after.baseline_label = selection.baseline_label
    where
        before_after.grain = 'region'
        and before_after.kpi_code in (
            'win_rate',
            'avg_first_response_hours',
            'crm_active_user_rate',
            'crm_login_days_per_user',
            'nps',
            'sla_first_response_compliance',
            'avg_sales_cycle_days'
        )

)

select * from final
order by region_code, kpi_code
