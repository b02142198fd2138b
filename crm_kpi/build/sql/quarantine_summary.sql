-- data_quality.quarantine_summary: rows quarantined per source table and rule (counts only)
create table {{ target }} as
select
    cast(source_system as varchar) as source_system,
    cast(source_table as varchar) as source_table,
    cast(quarantine_rule as varchar) as quarantine_rule,
    cast(sum(n_rows) as bigint) as quarantined_row_count
from build.intermediate.int_extract_row_dispositions
where row_disposition = 'quarantined'
group by all
order by source_table, quarantine_rule
