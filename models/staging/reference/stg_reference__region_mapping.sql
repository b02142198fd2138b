{#- Region mapping (business-maintained seed): a state row maps one state, a row with a null
    state maps the rest of the country. Country/state codes trimmed and upper-cased so
    region_code_for() matches whatever casing the extracts carry. Region codes keep the
    business's own spelling (docs/regions.md): one spelling per region (match key = case and
    whitespace ignored), the first in sort order if the seed writes a region several ways,
    and exactly the var unassigned_region_code for the unassigned region. -#}
with

region_mapping as (

    select * from {{ ref('region_mapping') }}

),

cleaned as (

    select
        upper({{ clean_string('country_code') }}) as country_code,
        upper({{ clean_string('state_code') }}) as state_code,
        {{ clean_string('region_code') }} as region_code_given,
        {{ region_match_key('region_code') }} as region_match_key,
        {{ clean_string('region_name') }} as region_name
    from region_mapping

),

final as (

    select
        country_code,
        state_code,
        case
            when region_match_key = {{ region_match_key(unassigned_region_code()) }}
                then {{ unassigned_region_code() }}
            else min(region_code_given) over (partition by region_match_key)
        end as region_code,
        region_match_key,
        region_name
    from cleaned

)

select * from final
