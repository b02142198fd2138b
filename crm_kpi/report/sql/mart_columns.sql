-- the columns of one mart ($1: table name)
select column_name
from information_schema.columns
where table_schema = 'marts' and table_name = ?
