-- The scorecard as the steering committee reads it: headline KPIs of the latest complete
-- quarter, company first, then regions (compiled by dbt, never materialised).
with

scorecard as (

    select * from {{ ref('fct_kpi_scorecard') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

final as (

    select
        scorecard.period_start_month,
        scorecard.period_end_month,
        scorecard.region_code,
        kpis.label_de,
        kpis.unit,
        scorecard.period_value,
        scorecard.baseline_value,
        scorecard.target_value,
        scorecard.absolute_change,
        scorecard.verdict_label
    from scorecard
    inner join kpis on scorecard.kpi_code = kpis.kpi_code
    where scorecard.period_type = 'quarter'

)

select * from final
order by region_code nulls first, label_de
