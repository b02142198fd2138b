-- copy one relation of the attached build as a table (identifiers quoted by the caller)
create table {{ target }} as select * from {{ source }}
