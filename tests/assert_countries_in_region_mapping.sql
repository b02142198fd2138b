-- Countries (and states) that region_mapping does not map. Their records are kept and counted:
-- an account falls back to its owner's home region, a lead to its owner's, a user or a
-- pulse answer counts under the unassigned region (docs/regions.md). A warning, one row per
-- source, country and state with the number of records, so the business can extend
-- region_mapping if the country belongs to a sales region. Records without any country
-- (a user without office) are not listed: they have nothing to map.
{{ config(severity='warn') }}
{#- file name, staged model and country / state columns of every record with an address -#}
{%- set addressed_records = [
    ('crm.account', 'stg_crm__accounts', 'billing_country_code', 'billing_state_code'),
    ('crm.lead', 'stg_crm__leads', 'country_code', 'state_code'),
    ('crm.user', 'stg_crm__users', 'country_code', 'state_code'),
    ('hr.pulse_response', 'stg_hr__pulse_responses', 'country_code', 'state_code'),
] %}

with

unmapped as (
    {%- for file_name, model_name, country_column, state_column in addressed_records %}

        select
            '{{ file_name }}' as file_name,
            '{{ country_column }}, {{ state_column }}' as column_name,
            {{ country_column }} as country_code,
            {{ state_column }} as state_code
        from {{ ref(model_name) }}
        where region_code is null and {{ country_column }} is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

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
