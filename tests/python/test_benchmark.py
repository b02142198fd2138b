"""Pure functions of scripts/benchmark.py: log-log slope, dbt breakdown, markdown rendering.

The benchmark's numbers themselves come from running it (docs/benchmark.md), never from a
timed test; the recording of phase timings by the build (crm_kpi.build) is checked in
test_safe_publish.py on a real build.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import load_script

benchmark = load_script("benchmark")


def test_slope_of_a_power_law_is_its_exponent() -> None:
    # y = 3 * x^0.5 -> slope 0.5 exactly; y = 2x -> 1.0
    assert benchmark.log_log_slope([(1, 3), (4, 6), (100, 30)]) == pytest.approx(0.5)
    assert benchmark.log_log_slope([(10, 20), (1000, 2000)]) == pytest.approx(1.0)


def test_slope_least_squares_by_hand() -> None:
    # log x = 0, ln10, 2 ln10; log y = 0, 0, 2 ln10 -> slope = cov/var = (2 ln10^2)/(2 ln10^2)
    # mean x = ln10, mean y = 2ln10/3; cov = (-ln10)(-2ln10/3) + 0 + ln10 * 4ln10/3 = 2 ln10^2;
    # var = ln10^2 + 0 + ln10^2 = 2 ln10^2 -> 1.0
    assert benchmark.log_log_slope([(1, 1), (10, 1), (100, 100)]) == pytest.approx(1.0)


def test_slope_needs_two_distinct_positive_x() -> None:
    assert benchmark.log_log_slope([]) is None
    assert benchmark.log_log_slope([(10, 5)]) is None
    assert benchmark.log_log_slope([(10, 5), (10, 7)]) is None
    assert benchmark.log_log_slope([(0, 5), (10, 7)]) is None


RUN_RESULTS = {
    "results": [
        {"unique_id": "model.crm_kpi.stg_a", "execution_time": 2.5},
        {"unique_id": "model.crm_kpi.fct_b", "execution_time": 4.0},
        {"unique_id": "test.crm_kpi.not_null_stg_a_id.abc", "execution_time": 0.5},
        {"unique_id": "test.crm_kpi.unique_stg_a_id.def", "execution_time": 1.25},
        {"unique_id": "unit_test.crm_kpi.fct_b.case", "execution_time": 0.75},
    ]
}


def test_dbt_breakdown_sums_by_kind_and_ranks_nodes() -> None:
    breakdown = benchmark.dbt_breakdown(RUN_RESULTS, top=2)
    assert breakdown["seconds_by_kind"] == {"model": 6.5, "test": 1.75, "unit_test": 0.75}
    assert breakdown["count_by_kind"] == {"model": 2, "test": 2, "unit_test": 1}
    assert breakdown["top_nodes"] == [
        {"node": "fct_b", "kind": "model", "seconds": 4.0},
        {"node": "stg_a", "kind": "model", "seconds": 2.5},
    ]


def report_with(runs: list[dict]) -> dict:
    """Build a report as main() does, around the given runs."""
    return {
        "started_at": "2026-12-02 14:00 UTC",
        "duckdb_threads": "1",
        "dbt_threads": "2",
        "machine": {"cpus": 2},
        "runs": runs,
        "slope_whole_vs_raw_rows": benchmark.log_log_slope(
            [(run["raw_rows"], run["whole_seconds"]) for run in runs]
        ),
    }


def run_at(scale: float, raw_rows: int, whole: float) -> dict:
    """Build one scale's measurements with every phase present."""
    phases = [
        {"phase": name, "seconds": whole / 4, "peak_rss_mib": 100.0 * (i + 1),
         "load_1m_start": 1.5, "load_1m_end": 2.0}
        for i, name in enumerate(benchmark.PHASES)
    ]  # fmt: skip
    return {
        "scale": scale,
        "raw_rows": raw_rows,
        "phases": phases,
        "whole_seconds": whole,
        "peak_rss_mib": 400.0,
        "floor_seconds": 0.5,
        "dbt": benchmark.dbt_breakdown(RUN_RESULTS),
    }


def test_markdown_table_has_one_row_per_scale_and_the_slope() -> None:
    text = benchmark.render_markdown(
        report_with([run_at(1, 150_000, 40.0), run_at(10, 1_500_000, 80.0)])
    )
    rows = [line for line in text.splitlines() if line.startswith("| 1") or line.startswith("| 10")]
    assert rows[0].startswith("| 1 | 150,000 | 10.0 (100, 1.5) | 10.0 (200, 1.5) |")
    assert rows[0].endswith("| 40.0 | 400 | 0.50 | 80 |")
    assert rows[1].endswith("| 80.0 | 400 | 0.50 | 160 |")
    # 40 s -> 80 s over 10x rows: slope log10(2) = 0.30
    assert f"{math.log10(2):.2f}" in text
    assert (
        "| 1 | 6.5 (2) | 1.8 (2) | 0.8 (1) | fct_b 4.0, stg_a 2.5, unique_stg_a_id.def 1.2 |"
        in text
    )


def test_markdown_lists_cpu_seconds_per_phase() -> None:
    run = run_at(1, 150_000, 40.0)
    for position, phase in enumerate(run["phases"]):
        if position != 2:  # one phase without a CPU figure shows "-"
            phase["cpu_seconds"] = 1.25 * (position + 1)
    text = benchmark.render_markdown(report_with([run]))
    assert "| 1 | 1.2 | 2.5 | - | 5.0 | 8.8 |" in text


def test_markdown_with_one_scale_says_no_slope() -> None:
    text = benchmark.render_markdown(report_with([run_at(1, 150_000, 40.0)]))
    assert "n/a (one scale)" in text


def test_doc_block_is_replaced_between_markers_only(tmp_path: Path) -> None:
    doc = tmp_path / "benchmark.md"
    doc.write_text("# Bench\n\nintro\n", encoding="utf-8")
    benchmark.write_into_doc(doc, "first\n")
    benchmark.write_into_doc(doc, "second\n")
    text = doc.read_text(encoding="utf-8")
    assert text == f"# Bench\n\nintro\n\n{benchmark.BEGIN}\nsecond\n{benchmark.END}\n"
    doc.write_text(text + "\nafter\n", encoding="utf-8")
    benchmark.write_into_doc(doc, "third\n")
    assert doc.read_text(encoding="utf-8").endswith(f"\nthird\n{benchmark.END}\n\nafter\n")


SETTINGS_SQL = (
    "select current_setting('memory_limit') as memory_limit, "
    "current_setting('temp_directory') as temp_directory, current_setting('threads') as threads"
)


def duckdb_settings(tmp_path: Path, **env: str) -> dict:
    """Run real `dbt show` with the project's profile; return the DuckDB settings it sees."""
    project = Path(__file__).resolve().parents[2]
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CRM_KPI_DUCKDB_", "DBT_"))
    }
    environment |= {
        "DBT_PROFILES_DIR": str(project),
        "DBT_PROJECT_DIR": str(project),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
        "CRM_KPI_DUCKDB_PATH": str(tmp_path / "settings.duckdb"),
        **env,
    }
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "show", "--inline", SETTINGS_SQL,
         "--output", "json", "--log-format", "json"],
        cwd=project, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr
    for line in completed.stdout.splitlines():
        event = json.loads(line)
        if event["info"]["name"] == "ShowNode":
            return json.loads(event["data"]["preview"])[0]
    raise AssertionError("dbt show printed no result")


def test_profile_caps_duckdb_memory_and_spills_beside_the_database(tmp_path: Path) -> None:
    # default: 3 GB (DuckDB shows GiB: 3e9 / 2^30 = 2.79 -> "2.7 GiB"), spill folder next to
    # the build's DuckDB file, one thread per query
    default = duckdb_settings(tmp_path)
    assert default == {
        "memory_limit": "2.7 GiB",
        "temp_directory": str(tmp_path / "settings.duckdb.tmp"),
        "threads": 1,
    }
    spill = tmp_path / "spill"
    overridden = duckdb_settings(
        tmp_path,
        CRM_KPI_DUCKDB_MEMORY_LIMIT="1GiB",
        CRM_KPI_DUCKDB_TEMP_DIR=str(spill),
        CRM_KPI_DUCKDB_THREADS="2",
    )
    assert overridden == {"memory_limit": "1.0 GiB", "temp_directory": str(spill), "threads": 2}


def test_peak_rss_adds_up_phases_that_ran_side_by_side() -> None:
    # group 1: gate and dbt parse at the same time; group 2: dbt build alone
    phases = [
        {"phase": "extract gate", "group": 1, "peak_rss_mib": 300.0},
        {"phase": "dbt parse", "group": 1, "peak_rss_mib": 200.0},
        {"phase": "dbt build", "group": 2, "peak_rss_mib": 450.0},
        {"phase": "publish", "group": 3, "peak_rss_mib": 100.0},
    ]
    assert benchmark.peak_rss_mib(phases) == 500.0
    # status files of older builds have no groups: one phase after the other
    assert (
        benchmark.peak_rss_mib([{k: v for k, v in p.items() if k != "group"} for p in phases])
        == 450.0
    )
    assert benchmark.peak_rss_mib([]) == 0.0


def test_demo_run_is_labelled_demo_in_both_tables() -> None:
    demo = {**run_at(1, 90_000, 20.0), "demo": True}
    text = benchmark.render_markdown(report_with([demo, run_at(10, 1_500_000, 80.0)]))
    assert any(line.startswith("| demo | 90,000 |") for line in text.splitlines())
    assert any(line.startswith("| demo | 6.5 (2) |") for line in text.splitlines())


def test_floor_project_has_the_requested_models_and_tests(tmp_path: Path) -> None:
    benchmark.write_floor_project(tmp_path / "floor", models=4, tests=10)
    models = sorted((tmp_path / "floor" / "models").glob("m*.sql"))
    assert [path.stem for path in models] == ["m0000", "m0001", "m0002", "m0003"]
    schema = yaml.safe_load((tmp_path / "floor" / "models" / "schema.yml").read_text())
    tests = [
        test
        for model in schema["models"]
        for column in model.get("columns", [])
        for test in column["data_tests"]
    ]
    assert tests == ["not_null"] * 10
    # every tested column exists in its model's one-row select
    for model in schema["models"]:
        sql = (tmp_path / "floor" / "models" / f"{model['name']}.sql").read_text()
        assert all(f" as {column['name']}" in sql for column in model.get("columns", []))
    profile = yaml.safe_load((tmp_path / "floor" / "profiles.yml").read_text())
    assert profile["floor"]["outputs"]["dev"]["path"] == str(tmp_path / "floor" / "floor.duckdb")
