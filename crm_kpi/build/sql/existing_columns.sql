-- the columns of one relation ($1 schema, $2 name) of the serving file
select column_name
from duckdb_columns()
where database_name = current_database() and schema_name = ? and table_name = ?
