{#- Lose nothing: every raw row of every extract table is staged, a duplicate version,
    soft-deleted or quarantined. Returns the tables where the identity breaks. -#}
with

audit as (

    select * from {{ ref('fct_extract_row_audit') }}

),

final as (

    select
        source_table,
        raw_row_count,
        staged_row_count,
        duplicate_version_row_count,
        soft_deleted_row_count,
        quarantined_row_count,
        raw_row_count
        - (
            staged_row_count
            + duplicate_version_row_count
            + soft_deleted_row_count
            + quarantined_row_count
        ) as unexplained_rows
    from audit
    where
        raw_row_count
        != staged_row_count
        + duplicate_version_row_count
        + soft_deleted_row_count
        + quarantined_row_count

)

select * from final
