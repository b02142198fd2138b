{#- Calendar months of the warehouse (the spine every stock KPI is measured on), through the
    month of the extract's cut-off; only complete months carry KPI facts. -#}
with

spine as (

    select * from {{ ref('int_month_spine') }}

),

final as (

    select
        period_month,
        month_end_date,
        is_complete_month,
        is_complete_quarter,
        data_as_of_date,
        cast(year(period_month) as integer) as calendar_year,
        cast(quarter(period_month) as integer) as calendar_quarter,
        cast(date_trunc('quarter', period_month) as date) as quarter_start_month,
        strftime(period_month, '%Y-%m') as month_label
    from spine

)

select * from final
