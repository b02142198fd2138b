"""The same inputs give byte-identical KPI numbers in every build (docs/kpi_precision.md).

Float sums depend on the order rows are added in, which changes with DuckDB's threads and
scheduling: two builds of the same data used to differ at ~1e-16 and made baseline checksums
report false changes (one DuckDB thread per query and exact decimal rollups fix it). A
second, independent build of everything fct_kpi_monthly reads (other dbt thread count,
fresh DuckDB file) must reproduce every numerator, denominator, sum_sq and value of the
session build exactly, not approximately.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Warehouse, dbt_env, run_dbt

FACT_SQL = (
    "select period_month, kpi_code, grain, region_code, rep_id,"
    " numerator, denominator, sum_sq, value from marts.fct_kpi_monthly order by all"
)


@pytest.mark.slow
def test_second_build_gives_identical_kpi_values(warehouse: Warehouse, tmp_path: Path) -> None:
    env = dbt_env(tmp_path, CRM_KPI_THREADS="1")
    run_dbt(["seed"], env)
    run_dbt(["run", "--select", "+fct_kpi_monthly", "--exclude", "resource_type:seed"], env)
    rebuilt = Warehouse(path=Path(env["CRM_KPI_DUCKDB_PATH"]), env=env)

    first = warehouse.query(FACT_SQL)
    second = rebuilt.query(FACT_SQL)
    assert len(first) > 1000
    assert len(first) == len(second)
    # exact float equality on purpose: the numbers must be the same bits, not close
    differing = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    assert differing == [], differing[:5]
