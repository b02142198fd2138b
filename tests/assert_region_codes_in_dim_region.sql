-- Every region code a fact carries is a row of dim_region, spelled the same: BI filters and
-- joins on the business's own codes (docs/regions.md). Catches a NULL-free but misspelled
-- code (e.g. 'de-n' where region_mapping writes 'DE-N') as well as an unknown one.
with

facts as (

    select * from {{ ref('fct_kpi_monthly') }}

),

opportunities as (

    select * from {{ ref('fct_opportunity') }}

),

churn_reasons as (

    select * from {{ ref('fct_churn_reasons') }}

),

disqualification_reasons as (

    select * from {{ ref('fct_lead_disqualification_reasons') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

region_codes as (

    select distinct
        'fct_kpi_monthly' as relation_name,
        region_code
    from facts
    where grain != 'company'
    union all
    select distinct
        'fct_opportunity' as relation_name,
        region_code
    from opportunities
    union all
    select distinct
        'fct_churn_reasons' as relation_name,
        region_code
    from churn_reasons
    union all
    select distinct
        'fct_lead_disqualification_reasons' as relation_name,
        region_code
    from disqualification_reasons

)

select
    region_codes.relation_name,
    region_codes.region_code
from region_codes
left join regions on region_codes.region_code = regions.region_code
where regions.region_code is null
