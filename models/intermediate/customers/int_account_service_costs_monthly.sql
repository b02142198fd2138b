{#- Cost to serve per account and month of cost_date (phone support, on-site visits,
    consulting), already in EUR in the ERP. Sparse: only months with a service cost. -#}
with

service_costs as (

    select * from {{ ref('stg_erp__service_costs') }}

),

final as (

    select
        account_id,
        cast(date_trunc('month', cost_date) as date) as period_month,
        count(*) as service_cost_count,
        sum(amount_eur) as service_cost_eur
    from service_costs
    where account_id is not null
    group by
        account_id,
        cast(date_trunc('month', cost_date) as date)

)

select * from final
