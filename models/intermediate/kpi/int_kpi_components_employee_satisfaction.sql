{#- employee_satisfaction family (kpis.md): eNPS of the anonymous pulse survey, coded as the
    customer NPS (nps_points), by the respondent's office region (unassigned when the office is
    not mapped). No rep: the survey carries
    no user id by design. Anonymity (groups below 5 answers) is applied where groups are
    formed, in fct_kpi_monthly (dim_kpi.min_group_size), so the components stay additive. -#}
with

pulse_responses as (

    select * from {{ ref('stg_hr__pulse_responses') }}

),

scored as (

    select
        cast(date_trunc('month', survey_date) as date) as period_month,
        {{ attributed_region_code('region_code') }} as region_code,
        {{ nps_points('enps_score') }} as nps_points
    from pulse_responses
    where survey_date is not null and enps_score is not null

),

aggregated as (

    select
        period_month,
        'employee_nps' as kpi_code,
        region_code,
        null as rep_id,
        sum(nps_points) as numerator,
        count(*) as denominator,
        sum(nps_points * nps_points) as sum_sq
    from scored
    group by
        period_month,
        region_code

),

final as (

    {{ kpi_components(['aggregated']) }}

)

select * from final
