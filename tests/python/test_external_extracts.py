"""The same staging models build on Parquet extract files, switched by one environment setting.

The generator writes a small Parquet extract set (0.3 × the demo volume); dbt then builds the
staging layer and the row audit with CRM_KPI_EXTRACT_DIR pointing at it, without any SQL
change. Every raw row of every file is accounted for.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import Warehouse, dbt_env, generate_extracts, run_dbt

from crm_kpi.contract import systems

SYSTEMS = systems()


@pytest.fixture(scope="module")
def parquet_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, Path]:
    """Generate Parquet extracts and build staging + the row audit on them."""
    work = tmp_path_factory.mktemp("parquet")
    extracts = work / "extracts"
    generate_extracts(extracts, 0.3)
    env = dbt_env(work, CRM_KPI_EXTRACT_DIR=str(extracts), CRM_KPI_EXTRACT_FORMAT="parquet")
    run_dbt(["seed", "--select", "path:seeds/reference", "path:seeds/catalogue"], env)
    run_dbt(
        [
            "build",
            "--exclude",
            "resource_type:seed",
            "--select",
            "path:models/staging",
            "+fct_extract_row_audit",
            "--indirect-selection",
            "cautious",
        ],
        env,
    )
    return Warehouse(path=Path(env["CRM_KPI_DUCKDB_PATH"]), env=env), extracts


def test_sources_are_views_over_the_files(parquet_warehouse: tuple[Warehouse, Path]) -> None:
    database, extracts = parquet_warehouse
    views = database.query(
        "select table_schema, table_name from information_schema.tables "
        "where table_type = 'VIEW' and table_schema like 'raw_%'"
    )
    files = {(f"raw_{p.parent.name}", p.stem) for p in extracts.glob("*/*.parquet")}
    assert files, "the generator wrote no Parquet files"
    assert files == set(views)


def test_every_parquet_row_is_accounted_for(parquet_warehouse: tuple[Warehouse, Path]) -> None:
    database, extracts = parquet_warehouse
    audit = {
        row[0]: row[1:]
        for row in database.query(
            "select source_table, raw_row_count, staged_row_count, duplicate_version_row_count, "
            "soft_deleted_row_count, quarantined_row_count from marts.fct_extract_row_audit"
        )
    }
    for system in SYSTEMS:
        for path in sorted((extracts / system).glob("*.parquet")):
            key = f"{system}.{path.stem}"
            assert key in audit, f"{key} missing from the row audit"
            raw, staged, duplicates, deleted, quarantined = audit[key]
            assert raw == pq.ParquetFile(path).metadata.num_rows, key
            assert raw == staged + duplicates + deleted + quarantined, key
            assert staged > 0, key
