"""Pre-build validation gate for raw extracts (Great Expectations on pandas DataFrames).

The gate reads one file per raw table, checks it against the contract declared as dbt
source YAML (``models/staging/*/_*__sources.yml``: columns, ``data_type`` and the
``config.meta.gate`` rules), and sorts every finding into

* BLOCKING: only what is structural and cannot be guessed: a required column missing, two
  header fields meaning the same column, an unreadable file, a value that does not cast to
  its type. The build stops before dbt runs.
* WARNING: absent or empty tables (landed with no rows), missing optional columns (landed
  as NULL), row-level rule violations, implausible values and the documented dirt
  (duplicate versions, soft deletes). Staging quarantines or cleans those rows; the build
  goes on.

Extra columns are ignored, column order does not matter and Salesforce API names map to
the contract's snake_case names (``headers``).

Modules: ``contract`` (the YAML contract), ``headers`` (header matching), ``reader``
(CSV/Parquet loading, German Excel CSV handling), ``casting`` (type checks and casts),
``suites`` (the GX suites), ``report`` (findings, console table, JSON), ``kpis`` (which
KPIs the present tables allow), ``landing`` (atomic Parquet landing) and ``gate``
(orchestration).
"""
