-- Anonymity of the employee pulse (kpis.md: employee_nps): no published employee_nps row
-- of a group with fewer than 5 responses may reveal its numerator, sum_sq or value, at any
-- grain. Returns the rows that would.
with

facts as (

    select * from {{ ref('fct_kpi_monthly') }}

),

final as (

    select
        period_month,
        grain,
        region_code,
        rep_id,
        numerator,
        denominator,
        sum_sq,
        value
    from facts
    where
        kpi_code = 'employee_nps'
        and coalesce(denominator, 0) < 5
        and (numerator is not null or sum_sq is not null or value is not null)

)

select * from final
