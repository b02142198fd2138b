"""Benchmark the warehouse build at a given data scale.

Generates demo extracts as Parquet at ``--scale`` times the demo volume, then times each
phase of a build on them into a fresh DuckDB file: reference seeds, ``dbt build`` of the
staging layer, and ``dbt build`` of everything. Results (seconds per phase, row counts,
machine facts) go to a JSON file so performance claims rest on a measured run, never on
timed tests.

Usage::

    .venv/bin/python scripts/benchmark.py --scale 10 --out warehouse/reports/benchmark_10x.json
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
LOG = logging.getLogger("benchmark")


def run_phase(name: str, command: list[str], env: dict[str, str]) -> float:
    """Run one command, fail loudly with its output if it fails, return elapsed seconds."""
    LOG.info("phase %s: %s", name, " ".join(command))
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 - fixed argv, no shell
        command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-30:])
        raise RuntimeError(f"phase {name} failed (exit {completed.returncode}):\n{tail}")
    LOG.info("phase %s took %.1f s", name, elapsed)
    return elapsed


def count_rows(database: Path) -> dict[str, int]:
    """Row counts of the raw extracts and the main marts in the built warehouse."""
    queries = {
        "raw_rows": "select sum(raw_rows) from marts.fct_extract_row_audit",
        "staged_rows": "select sum(staged_rows) from marts.fct_extract_row_audit",
        "fct_kpi_monthly_rows": "select count(*) from marts.fct_kpi_monthly",
    }
    counts: dict[str, int] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for key, sql in queries.items():
            try:
                counts[key] = int(con.execute(sql).fetchone()[0] or 0)
            except duckdb.Error as error:  # a mart not built in this version of the project
                LOG.warning("%s not counted: %s", key, error)
    return counts


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its JSON report; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0, help="multiple of the demo volume")
    parser.add_argument("--seed", type=int, default=42, help="generator seed")
    parser.add_argument(
        "--out",
        type=Path,
        default=PROJECT_DIR / "warehouse" / "reports" / "benchmark.json",
        help="where to write the JSON report",
    )
    parser.add_argument(
        "--work-dir", type=Path, default=None, help="keep files here (default: temp)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    python = sys.executable
    dbt = str(Path(python).with_name("dbt"))
    with tempfile.TemporaryDirectory(prefix="crm_kpi_bench_") as tmp:
        work = args.work_dir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        extracts = work / "extracts"
        env = {
            **os.environ,
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            "DBT_TARGET_PATH": str(work / "target"),
            "DBT_LOG_PATH": str(work / "logs"),
            "CRM_KPI_DUCKDB_PATH": str(work / "bench.duckdb"),
            "CRM_KPI_EXTRACT_DIR": str(extracts),
            "CRM_KPI_EXTRACT_FORMAT": "parquet",
        }
        phases: dict[str, float] = {}
        try:
            phases["generate_extracts"] = run_phase(
                "generate",
                [
                    python,
                    "scripts/generate_demo_data.py",
                    "--scale",
                    str(args.scale),
                    "--seed",
                    str(args.seed),
                    "--format",
                    "parquet",
                    "--out",
                    str(extracts),
                ],
                env,
            )
            phases["seed_reference"] = run_phase(
                "seed",
                [dbt, "seed", "--select", "path:seeds/reference", "path:seeds/catalogue"],
                env,
            )
            phases["build_staging"] = run_phase(
                "staging",
                [dbt, "build", "--exclude", "resource_type:seed", "--select", "staging"],
                env,
            )
            phases["build_all"] = run_phase(
                "all", [dbt, "build", "--exclude", "resource_type:seed"], env
            )
        except RuntimeError as error:
            LOG.error("%s", error)
            return 1
        report = {
            "scale": args.scale,
            "seed": args.seed,
            "seconds": {key: round(value, 1) for key, value in phases.items()},
            "rows": count_rows(Path(env["CRM_KPI_DUCKDB_PATH"])),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    LOG.info("report written to %s", args.out)
    print(json.dumps(report, indent=2))  # noqa: T201 - the report is the command's output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
