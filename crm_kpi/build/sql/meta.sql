-- main.meta: one row describing the build (parameters in BuildMeta order, then the count)
create table main.meta as select
    cast(? as varchar) as build_id,
    cast(? as timestamptz) as built_at,
    cast(? as varchar) as dbt_invocation_id,
    cast(? as varchar) as dbt_version,
    cast(? as varchar) as extract_source,
    cast(? as varchar) as extract_format,
    cast(? as date) as as_of_date,
    cast(? as integer) as published_relations
