{#- Every KPI family delivers its components at rep grain (period_month, kpi_code,
    region_code, rep_id) in one model named int_kpi_components_<family>. Adding a family
    is one line here. -#}
{%- set family_models = [
    'int_kpi_components_campaigns',
    'int_kpi_components_churn',
    'int_kpi_components_conversion',
    'int_kpi_components_crm_usage',
    'int_kpi_components_employee_satisfaction',
    'int_kpi_components_lead_quality',
    'int_kpi_components_new_business',
    'int_kpi_components_payments',
    'int_kpi_components_pipeline',
    'int_kpi_components_response_speed',
    'int_kpi_components_retention',
    'int_kpi_components_satisfaction',
    'int_kpi_components_sla',
    'int_kpi_components_tco',
] -%}

with

{% for family_model in family_models %}
    {{ family_model }} as (

        select * from {{ ref(family_model) }}

    ),

{% endfor %}
unioned as (

    {% for family_model in family_models %}
        select
            cast(period_month as date) as period_month,
            cast(kpi_code as varchar) as kpi_code,
            cast(region_code as varchar) as region_code,
            cast(rep_id as varchar) as rep_id,
            cast(numerator as double) as numerator,
            cast(denominator as double) as denominator,
            cast(sum_sq as double) as sum_sq
        from {{ family_model }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        period_month,
        kpi_code,
        region_code,
        rep_id,
        numerator,
        denominator,
        sum_sq
    from unioned

)

select * from final
