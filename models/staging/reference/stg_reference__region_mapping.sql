{#- Region mapping (business-maintained seed): a state row maps one state, a row with a null
    state maps the rest of the country. Country/state codes trimmed and upper-cased so
    region_code_for() matches whatever casing the extracts carry; region codes lower case. -#}
with

region_mapping as (

    select * from {{ ref('region_mapping') }}

),

final as (

    select
        upper({{ clean_string('country_code') }}) as country_code,
        upper({{ clean_string('state_code') }}) as state_code,
        lower({{ clean_string('region_code') }}) as region_code,
        {{ clean_string('region_name') }} as region_name
    from region_mapping

)

select * from final
