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
final as (

    {{ kpi_components(family_models) }}

)

select * from final
