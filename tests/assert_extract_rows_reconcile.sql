{#- Lose nothing: every raw row of every extract table is staged, a duplicate version,
    soft-deleted or quarantined. Returns the tables where the identity breaks. -#}
with

audit as (

    select * from {{ ref('fct_extract_row_audit') }}

),

final as (

    select
        source_table,
        raw_rows,
        staged_rows,
        duplicate_version_rows,
        soft_deleted_rows,
        quarantined_rows,
        raw_rows
        - (staged_rows + duplicate_version_rows + soft_deleted_rows + quarantined_rows)
            as unexplained_rows
    from audit
    where
        raw_rows
        != staged_rows + duplicate_version_rows + soft_deleted_rows + quarantined_rows

)

select * from final
