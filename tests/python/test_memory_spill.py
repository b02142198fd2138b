"""A build on data larger than DuckDB's memory limit spills to disk instead of failing.

Real dbt, real DuckDB: the staging models of the CRM demo seeds under a 60 MB memory limit
(far below what their dedupe windows need) must build, spilling to the profile's
temp_directory. Regression: the spill folder used to be a per-cursor `SET`, which DuckDB
refuses once a query has spilled, so every model after the first spill failed.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Warehouse, dbt_env, run_dbt


def test_staging_builds_under_a_memory_limit_far_below_its_needs(tmp_path: Path) -> None:
    spill = tmp_path / "spill"
    run_dbt(["seed", "--select", "path:seeds/crm", "path:seeds/reference"], dbt_env(tmp_path))
    env = dbt_env(
        tmp_path,
        CRM_KPI_DUCKDB_MEMORY_LIMIT="60MB",
        CRM_KPI_DUCKDB_TEMP_DIR=str(spill),
        CRM_KPI_THREADS="2",
    )
    raw_tables = {
        "base_crm__events": "event",
        "base_crm__tasks": "task",
        "base_crm__login_history": "login_history",
    }
    run_dbt(["run", "--select", *raw_tables], env)
    warehouse = Warehouse(path=Path(env["CRM_KPI_DUCKDB_PATH"]), env=env)
    for model, raw_table in raw_tables.items():
        staged = warehouse.scalar(f"select count(*) from staging_base.{model}")
        source = warehouse.scalar(f'select count(*) from raw_crm."{raw_table}"')
        # the base model keeps every raw row (one row per raw row, classified)
        assert staged == source > 0, model
