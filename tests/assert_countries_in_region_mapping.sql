-- Countries (and states) that region_mapping does not map. Their records are kept and counted:
-- an account falls back to its owner's home region, a lead to its owner's, a user or a
-- pulse answer counts under the unassigned region (docs/regions.md). A warning, one row per
-- source, country and state with the number of records, so the business can extend
-- region_mapping if the country belongs to a sales region. Records without any country
-- (a user without office) are not listed: they have nothing to map.
{{ config(severity='warn') }}
with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

users as (

    select * from {{ ref('stg_crm__users') }}

),

pulse_responses as (

    select * from {{ ref('stg_hr__pulse_responses') }}

),

unmapped as (

    select
        'crm.account' as file_name,
        'billing_country_code, billing_state_code' as column_name,
        billing_country_code as country_code,
        billing_state_code as state_code
    from accounts
    where region_code is null and billing_country_code is not null
    union all
    select
        'crm.lead' as file_name,
        'country_code, state_code' as column_name,
        country_code,
        state_code
    from leads
    where region_code is null and country_code is not null
    union all
    select
        'crm.user' as file_name,
        'country_code, state_code' as column_name,
        country_code,
        state_code
    from users
    where region_code is null and country_code is not null
    union all
    select
        'hr.pulse_response' as file_name,
        'country_code, state_code' as column_name,
        country_code,
        state_code
    from pulse_responses
    where region_code is null and country_code is not null

),

findings as (

    select
        file_name,
        column_name,
        country_code,
        state_code,
        'country/state not in region_mapping: counted under the owner''s region or unassigned'
            as finding,
        count(*) as n_records
    from unmapped
    group by
        file_name,
        column_name,
        country_code,
        state_code

)

select * from findings
