{#- The quarantine model of one raw table: the rows its base model (base_model, e.g.
    'base_crm__leads') quarantined, with every base column and the rule that rejected the row,
    so nothing is lost. Only row_disposition is left out (always 'quarantined' here). -#}
{% macro staging_quarantine(base_model) -%}
with

base as (

    select * from {{ ref(base_model) }}

),

final as (

    select * exclude (row_disposition)
    from base
    where row_disposition = 'quarantined'

)

select * from final
{%- endmacro %}
