{#- "Lose nothing": per raw extract table, the rows counted straight from the source (the
    independent check, the only place outside staging that reads a source()) next to how
    staging used them. raw_row_count = staged + duplicate_version + soft_deleted + quarantined
    must hold for every table (tests/assert_extract_rows_reconcile.sql). -#}
{%- set extract_tables = staging_extract_tables() %}

with

dispositions as (

    select * from {{ ref('int_extract_row_dispositions') }}

),

raw_counts as (

    {% for system, source_table, entity in extract_tables %}
        select
            '{{ system }}.{{ source_table }}' as source_table,
            count(*) as raw_row_count
        from {{ source(system, source_table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

disposition_counts as (

    select
        source_table,
        sum(case when row_disposition = 'staged' then n_rows else 0 end) as staged_row_count,
        sum(case when row_disposition = 'duplicate_version' then n_rows else 0 end)
            as duplicate_version_row_count,
        sum(case when row_disposition = 'soft_deleted' then n_rows else 0 end)
            as soft_deleted_row_count,
        sum(case when row_disposition = 'quarantined' then n_rows else 0 end)
            as quarantined_row_count
    from dispositions
    group by source_table

),

final as (

    select
        cast(raw_counts.source_table as varchar) as source_table,
        cast(split_part(raw_counts.source_table, '.', 1) as varchar) as source_system,
        cast(raw_counts.raw_row_count as bigint) as raw_row_count,
        cast(coalesce(disposition_counts.staged_row_count, 0) as bigint) as staged_row_count,
        cast(coalesce(disposition_counts.duplicate_version_row_count, 0) as bigint)
            as duplicate_version_row_count,
        cast(coalesce(disposition_counts.soft_deleted_row_count, 0) as bigint)
            as soft_deleted_row_count,
        cast(coalesce(disposition_counts.quarantined_row_count, 0) as bigint)
            as quarantined_row_count
    from raw_counts
    left join disposition_counts
        on raw_counts.source_table = disposition_counts.source_table

)

select * from final
