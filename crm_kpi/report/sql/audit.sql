-- rows per source table: raw, staged, duplicate versions, soft-deleted, quarantined
select
    source_table,
    raw_row_count,
    staged_row_count,
    duplicate_version_row_count,
    soft_deleted_row_count,
    quarantined_row_count
from marts.fct_extract_row_audit
order by quarantined_row_count desc, source_table
