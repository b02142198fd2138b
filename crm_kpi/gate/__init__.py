"""Pre-build validation gate for raw extracts (Great Expectations suites, run in DuckDB).

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

Every check is a DuckDB query streaming over the files (memory limit and spill folder in
``engine``), so memory stays flat in volume.

The contract itself is read by ``crm_kpi.contract`` (shared with the demo generator).
Modules: ``cli`` (``python -m crm_kpi.gate``), ``headers`` (header matching), ``engine`` (the
DuckDB connection), ``reader`` (CSV/Parquet as DuckDB relations, German Excel CSV
handling), ``casting`` (type patterns and cast SQL), ``suites`` (the GX suites and their
evaluation as SQL), ``report`` (findings, console table, JSON), ``kpis`` (which KPIs the
present tables allow), ``landing`` (atomic Parquet landing with ``COPY``) and ``gate``
(orchestration).
"""
