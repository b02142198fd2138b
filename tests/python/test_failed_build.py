"""A build that fails at the extract gate leaves the published warehouse untouched.

`make build EXTRACT_DIR=...` runs the gate first, in its own build folder; a corrupted
extract must stop the build with one clear line and a non-zero exit, the published DuckDB
file of the previous good build must be byte-identical afterwards, and nothing is landed.
(The other faults of a build, after the gate, are in test_safe_publish.py.)
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
from conftest import PROJECT_DIR

from crm_kpi.contract import systems

SYSTEMS = systems()


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corrupted_extract_stops_the_build_and_keeps_the_warehouse(tmp_path: Path) -> None:
    extracts = tmp_path / "extracts"
    for system in SYSTEMS:
        shutil.copytree(PROJECT_DIR / "seeds" / system, extracts / system)
    opportunity = extracts / "crm" / "opportunity.csv"
    with opportunity.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    dropped = rows[0].index("close_date")
    with opportunity.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([row[:dropped] + row[dropped + 1 :] for row in rows])

    warehouse = tmp_path / "warehouse" / "crm_kpi.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct_kpi_monthly as select 1 as value")
    before = sha256(warehouse)

    env = {
        **os.environ,
        "CRM_KPI_PUBLISH_PATH": str(warehouse),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "build",
            f"EXTRACT_DIR={extracts}",
            "EXTRACT_FORMAT=csv",
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{opportunity}: " in output
    assert "close_date" in output
    assert "Traceback" not in output
    assert sha256(warehouse) == before
    builds = list((warehouse.parent / "builds").iterdir())
    assert len(builds) == 1, builds
    assert not (builds[0] / "landing").exists()
    verdict = [line for line in result.stderr.splitlines() if line.startswith("build ")]
    assert len(verdict) == 1, result.stderr
    assert verdict[0].startswith("build failed at extract gate"), verdict
    assert verdict[0].endswith(
        f": published warehouse unchanged; failed build kept in {builds[0]}/"
    ), verdict
