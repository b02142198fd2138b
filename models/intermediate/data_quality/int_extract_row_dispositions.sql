{#- How every raw extract row was used: the union of all base models, counted per source
    table, disposition and quarantine rule. -#}
{%- set extract_tables = staging_extract_tables() %}

with

{% for system, source_table, entity in extract_tables %}
    base_{{ system }}__{{ entity }} as (

        select * from {{ ref('base_' ~ system ~ '__' ~ entity) }}

    ),

{% endfor -%}

unioned as (

    {% for system, source_table, entity in extract_tables %}
        select
            '{{ system }}' as source_system,
            '{{ system }}.{{ source_table }}' as source_table,
            row_disposition,
            quarantine_rule
        from base_{{ system }}__{{ entity }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        source_system,
        source_table,
        row_disposition,
        quarantine_rule,
        cast(count(*) as bigint) as n_rows
    from unioned
    group by source_system, source_table, row_disposition, quarantine_rule

)

select * from final
