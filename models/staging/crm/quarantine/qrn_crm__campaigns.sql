{#- Quarantined rows of crm.campaign with their rule and every base column
    (nothing is lost). -#}
with

base as (

    select * from {{ ref('base_crm__campaigns') }}

),

final as (

    select
        campaign_id,
        campaign_name,
        campaign_type,
        channel,
        is_multi_step,
        number_of_steps,
        region_code,
        start_date,
        end_date,
        budgeted_cost,
        actual_cost,
        currency_iso_code,
        modified_at,
        is_deleted,
        quarantine_rule,
        source_row_hash,
        source_row_json
    from base
    where row_disposition = 'quarantined'

)

select * from final
