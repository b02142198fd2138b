{#- Satisfaction family (kpis.md "satisfaction"). nps: survey responses in the month, rep =
    account owner, coded with nps_points (shared with employee_nps). csat_satisfied_rate:
    cases closed in the month with a CSAT score, rep = case owner, region = the account's
    billing region, else the case owner's home region. Responses of accounts missing from
    staging have no owner and are left out. -#}
with

nps_responses as (

    select * from {{ ref('stg_survey__nps_responses') }}

),

cases as (

    select * from {{ ref('int_cases_attributed') }}

),

accounts as (

    select * from {{ ref('int_accounts_attributed') }}

),

scored_responses as (

    select
        cast(date_trunc('month', nps_responses.responded_at) as date) as period_month,
        accounts.region_code,
        accounts.owner_user_id as rep_id,
        {{ nps_points('nps_responses.score') }} as nps_points
    from nps_responses
    inner join accounts
        on nps_responses.account_id = accounts.account_id
    where nps_responses.score is not null

),

nps as (

    select
        period_month,
        'nps' as kpi_code,
        region_code,
        rep_id,
        sum(nps_points) as numerator,
        count(*) as denominator,
        sum(nps_points * nps_points) as sum_sq
    from scored_responses
    group by
        period_month,
        region_code,
        rep_id

),

rated_cases as (

    select
        cast(date_trunc('month', closed_at) as date) as period_month,
        owner_user_id as rep_id,
        region_code,
        case when csat_score >= 4 then 1 else 0 end as is_satisfied
    from cases
    where
        closed_at is not null
        and csat_score is not null
        and owner_user_id is not null

),

csat as (

    select
        period_month,
        'csat_satisfied_rate' as kpi_code,
        region_code,
        rep_id,
        sum(is_satisfied) as numerator,
        count(*) as denominator,
        sum(is_satisfied) as sum_sq
    from rated_cases
    group by
        period_month,
        region_code,
        rep_id

),

final as (

    {{ kpi_components(['nps', 'csat']) }}

)

select * from final
