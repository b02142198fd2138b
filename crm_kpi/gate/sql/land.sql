-- write a typed select (exactly the contract's columns) to the table's landed Parquet file
copy ({{ select }}) to {{ target }} (format parquet, compression zstd)
