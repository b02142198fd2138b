"""Pre-build validation gate for raw extracts (Great Expectations on pandas DataFrames).

The gate reads one file per raw table, checks it against the contract declared as dbt
source YAML (``models/staging/*/_*__sources.yml``: columns, ``data_type`` and the
``config.meta.gate`` rules), and sorts every finding into

* BLOCKING: the file cannot be loaded as the contract says (missing or extra column,
  empty or unreadable file, no rows, a value that does not cast to its type). The build
  stops before dbt runs.
* WARNING: row-level rule violations and the documented dirt (duplicate versions, soft
  deletes). Staging quarantines or cleans those rows; the build goes on.

Modules: ``contract`` (the YAML contract), ``reader`` (CSV/Parquet loading, German Excel
CSV handling), ``casting`` (type checks and casts), ``suites`` (the GX suites),
``report`` (findings, console table, JSON), ``landing`` (atomic Parquet landing) and
``gate`` (orchestration).
"""
