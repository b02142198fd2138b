-- every table and view of the served schemas ($1, $2: the schema list) of the attached build
select
    schema_name,
    table_name
from duckdb_tables()
where database_name = 'build' and list_contains(?, schema_name)
union all
select
    schema_name,
    view_name
from duckdb_views()
where database_name = 'build' and list_contains(?, schema_name) and not internal
order by 1, 2
