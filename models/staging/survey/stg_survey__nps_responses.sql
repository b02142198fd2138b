with

base as (

    select * from {{ ref('base_survey__nps_responses') }}

),

final as (

    select
        base.nps_response_id,
        base.account_id,
        base.contact_id,
        base.responded_at,
        base.score,
        base.channel
    from base
    where base.row_disposition = 'staged'

)

select * from final
