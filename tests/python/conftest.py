"""Shared fixtures: one real dbt build of the demo data into a temporary DuckDB file.

The session fixture `warehouse` runs `dbt seed` and `dbt build` (all data tests and unit
tests included) with dbt's programmatic runner against a fresh DuckDB file, then hands
the tests a read-only way to query it. Nothing is mocked.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import duckdb
import pytest
from dbt.cli.main import dbtRunner, dbtRunnerResult

PROJECT_DIR = Path(__file__).resolve().parents[2]


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (a stand-alone script, not in crm_kpi) by its file path."""
    spec = importlib.util.spec_from_file_location(name, PROJECT_DIR / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Warehouse:
    """A built warehouse: its DuckDB file and the dbt environment that built it."""

    path: Path
    env: dict[str, str]

    def connect(self) -> duckdb.DuckDBPyConnection:
        """Open the warehouse for reading (close the connection when done)."""
        try:
            return duckdb.connect(str(self.path), read_only=True)
        except duckdb.ConnectionException:
            # dbt-duckdb run in-process (dbtRunner) keeps its read-write handle on the file open,
            # and DuckDB refuses a second handle with another configuration in the same process:
            # share that instance instead (the tests only read), with the one option the
            # profile gives at connect time (config_options: the spill folder)
            spill = self.env.get("CRM_KPI_DUCKDB_TEMP_DIR", f"{self.path}.tmp")
            return duckdb.connect(str(self.path), config={"temp_directory": spill})

    def query(
        self, sql: str, params: Sequence[object] | Mapping[str, object] | None = None
    ) -> list[tuple]:
        """Run a read-only query and return all rows (the connection is closed again)."""
        with self.connect() as con:
            return con.execute(sql, params or []).fetchall()

    def compiled_test(self, name: str) -> str:
        """Return the SQL the build compiled for the singular test tests/<name>.sql."""
        compiled = Path(self.env["DBT_TARGET_PATH"]) / "compiled" / "crm_kpi" / "tests"
        return (compiled / f"{name}.sql").read_text()

    def scalar(
        self, sql: str, params: Sequence[object] | Mapping[str, object] | None = None
    ) -> object:
        """Run a query that returns one value."""
        rows = self.query(sql, params)
        assert len(rows) == 1, f"expected one row, got {len(rows)}: {sql}"
        return rows[0][0]


def generate_extracts(out: Path, scale: float, *options: str) -> Path:
    """Write a generated extract set (Parquet) to out with the demo generator; return out.

    options are further generator flags, e.g. ``"--seed", "7"`` for another company or
    ``"--as-of", "2026-11-01"`` for another cut-off.
    """
    subprocess.run(
        [
            sys.executable,
            "-m",
            "crm_kpi.demo_data",
            "--scale",
            str(scale),
            "--format",
            "parquet",
            "--out",
            str(out),
            *options,
        ],
        check=True,
        cwd=PROJECT_DIR,
        capture_output=True,
    )
    return out


def dbt_env(work_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a dbt run isolated in work_dir (own DuckDB file, target and logs)."""
    env = {
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(work_dir / "target"),
        "DBT_LOG_PATH": str(work_dir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "CRM_KPI_DUCKDB_PATH": str(work_dir / "warehouse.duckdb"),
    }
    env.update(extra)
    return env


@contextlib.contextmanager
def environment(env: Mapping[str, str]) -> Iterator[None]:
    """Apply env to os.environ inside the block; restore the previous values after it."""
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def invoke_dbt(
    args: list[str], env: Mapping[str, str], runner: dbtRunner | None = None
) -> dbtRunnerResult:
    """Invoke dbt in-process on this project with env applied; return dbt's result as is.

    runner: a dbtRunner to reuse (e.g. one holding a parsed manifest), else a fresh one.
    """
    with environment(env):
        return (runner or dbtRunner()).invoke([*args, "--project-dir", str(PROJECT_DIR)])


def run_dbt(args: list[str], env: dict[str, str]) -> None:
    """Invoke dbt in-process with env applied; fail the test with dbt's error if it fails."""
    result = invoke_dbt(args, env)
    if not result.success:
        failures = []
        if result.result is not None and hasattr(result.result, "results"):
            failures = [
                f"{r.node.unique_id}: {r.status} {r.message}"
                for r in result.result.results
                if str(r.status) not in ("success", "pass")
            ]
        detail = "\n".join(failures) or repr(result.exception)
        pytest.fail(f"dbt {' '.join(args)} failed:\n{detail}")


def build_warehouse(work_dir: Path, **extra_env: str) -> Warehouse:
    """Seed and build the whole project into work_dir/warehouse.duckdb."""
    env = dbt_env(work_dir, **extra_env)
    if not extra_env.get("CRM_KPI_EXTRACT_DIR"):
        run_dbt(["seed"], env)
    else:
        run_dbt(["seed", "--select", "path:seeds/reference", "path:seeds/catalogue"], env)
    run_dbt(["build", "--exclude", "resource_type:seed"], env)
    return Warehouse(path=Path(env["CRM_KPI_DUCKDB_PATH"]), env=env)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """Build the demo warehouse once per test session."""
    yield build_warehouse(tmp_path_factory.mktemp("demo"))
