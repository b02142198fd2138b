"""Build aside, publish atomically: what BI tools open changes only after a fully tested build.

Every test runs the real orchestrator (`python -m crm_kpi.build`, what `make build` calls) with real
dbt and DuckDB against a temporary warehouse folder (env CRM_KPI_PUBLISH_PATH), and checks the
published file's SHA-256 and the build's one-line verdict after each fault: a failing data test,
a full disk (a file-size limit on the build), kill -9 at a random point, a second build while
one runs (and --wait), readers holding or polling the published file during a build, and a
plain demo build after an EXTRACT_DIR build. The module shares one successful build on a small
generated extract set (scale 0.1).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import PROJECT_DIR, generate_extracts

from crm_kpi.build import cli
from crm_kpi.build.folders import create_build_folder, point_latest_at, prune

#: What `make build` runs (from the project root).
BUILD = [sys.executable, "-m", "crm_kpi.build"]
SERVED_SCHEMAS = {"main", "marts", "baseline", "data_quality"}
UNCHANGED = ": published warehouse unchanged; failed build kept in "
# the raw extract systems: their demo seeds are landed by the gate, never seeded by dbt
SYSTEMS = ("crm", "erp", "survey", "hr", "finance")


@dataclass(frozen=True)
class Site:
    """A warehouse folder of its own: the published file, its builds, a small extract set."""

    published: Path
    extracts: Path

    @property
    def builds(self) -> Path:
        return self.published.parent / "builds"

    @property
    def lock(self) -> Path:
        return self.published.parent / ".build.lock"

    def meta(self) -> dict[str, object]:
        with duckdb.connect(str(self.published), read_only=True) as con:
            cursor = con.execute("select * from meta")
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        assert len(rows) == 1, rows
        return dict(zip(names, rows[0], strict=True))


@dataclass(frozen=True)
class Outcome:
    """A finished build process."""

    returncode: int
    stdout: str
    stderr: str

    def verdict(self) -> str:
        """Return the orchestrator's one verdict line (stderr, starting with 'build ')."""
        lines = [line for line in self.stderr.splitlines() if line.startswith("build ")]
        verdicts = [line for line in lines if "had died before it ended" not in line]
        assert len(verdicts) == 1, self.stderr
        return verdicts[0]


class Running:
    """A build started in its own process group, output captured in files."""

    def __init__(
        self,
        site: Site,
        work: Path,
        args: list[str],
        env: dict[str, str] | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> None:
        work.mkdir(parents=True, exist_ok=True)
        self.stdout_path = work / "stdout.txt"
        self.stderr_path = work / "stderr.txt"
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("CRM_KPI_", "DBT_TARGET_PATH", "DBT_LOG_PATH"))
        }
        environment["CRM_KPI_PUBLISH_PATH"] = str(site.published)
        environment.update(env or {})
        with self.stdout_path.open("w") as out, self.stderr_path.open("w") as err:
            self.process = subprocess.Popen(
                [*BUILD, *args],
                cwd=PROJECT_DIR,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                preexec_fn=preexec_fn,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, predicate: Callable[[], bool], what: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            assert self.process.poll() is None, f"build ended before {what}: {self.stderr()}"
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.1)

    def finish(self, timeout: float = 1200) -> Outcome:
        self.process.wait(timeout=timeout)
        return Outcome(
            self.process.returncode,
            self.stdout_path.read_text(encoding="utf-8", errors="replace"),
            self.stderr(),
        )


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extract_args(site: Site) -> list[str]:
    return ["--extract-dir", str(site.extracts), "--format", "parquet"]


def assert_failed_and_unchanged(outcome: Outcome, site: Site, before: str, stage: str) -> Path:
    """Exit non-zero, one verdict line naming the stage, the published bytes unchanged."""
    assert outcome.returncode == 1, outcome.stderr
    line = outcome.verdict()
    assert line.startswith(f"build failed at {stage}"), line
    assert UNCHANGED in line, line
    assert "Traceback" not in outcome.stderr
    assert sha256(site.published) == before
    kept = Path(line.split(UNCHANGED, 1)[1].rstrip("/"))
    assert kept.parent == site.builds and kept.is_dir(), line
    return kept


def pii_columns() -> set[str]:
    """Raw columns the source contract marks as personal data (PII in the description)."""
    names = set()
    for path in (PROJECT_DIR / "models" / "staging").glob("*/_*__sources.yml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in document.get("sources", []):
            for table in source.get("tables", []):
                for column in table.get("columns", []):
                    if "PII" in str(column.get("description", "")):
                        names.add(column["name"])
    return names


def test_build_environment_isolates_each_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("CRM_KPI_EXTRACT_DIR", "/somewhere/else")
    monkeypatch.setenv("CRM_KPI_DUCKDB_PATH", str(tmp_path / "dev.duckdb"))
    published = tmp_path / "warehouse" / "crm_kpi.duckdb"
    demo_args = cli.parse_args(["--publish-path", str(published)])
    demo = cli.Build(args=demo_args, folder=create_build_folder(tmp_path / "b", "1"))
    demo.prepare_environment()
    assert demo_args.builds_dir == published.parent / "builds"
    assert demo.env["CRM_KPI_DUCKDB_PATH"] == str(tmp_path / "b" / "1" / "build.duckdb")
    assert demo.env["DBT_TARGET_PATH"] == str(tmp_path / "b" / "1" / "target")
    # the caller's extract setting never leaks in: dbt reads this build's own landing, where
    # the gate lands the demo seed files too
    assert demo.env["CRM_KPI_EXTRACT_DIR"] == str(tmp_path / "b" / "1" / "landing")
    assert demo.env["CRM_KPI_EXTRACT_FORMAT"] == "parquet"
    assert "CRM_KPI_AS_OF" not in demo.env
    # side by side: the gate lands the seed files while dbt starts and parses
    assert [[stage for stage, _ in group] for group in demo.steps()] == [
        ["extract gate", "dbt parse"],
        ["dbt build"],
    ]
    demo_steps = {stage: command for group in demo.steps() for stage, command in group}
    demo_gate = demo_steps["extract gate"]
    assert "--extract-dir" not in demo_gate
    assert demo_gate[demo_gate.index("--landing-dir") + 1] == str(tmp_path / "b" / "1" / "landing")
    assert demo_steps["dbt build"][1:] == [
        "build",
        *("--exclude", *(f"path:seeds/{system}" for system in sorted(SYSTEMS))),
        *("--exclude-resource-type", "unit_test"),
    ]

    own_args = cli.parse_args(["--extract-dir", str(tmp_path), "--as-of", "2026-03-31"])
    own = cli.Build(args=own_args, folder=create_build_folder(tmp_path / "b", "2"))
    own.prepare_environment()
    assert own.env["CRM_KPI_EXTRACT_DIR"] == str(tmp_path / "b" / "2" / "landing")
    assert own.env["CRM_KPI_EXTRACT_FORMAT"] == "parquet"
    assert own.env["CRM_KPI_AS_OF"] == "2026-03-31"
    groups = own.steps()
    # the gate lands the extracts while dbt starts and parses; then one `dbt build` seeds
    # the reference data (not the raw demo seeds: the landing replaces them) and builds
    assert [[stage for stage, _ in group] for group in groups] == [
        ["extract gate", "dbt parse"],
        ["dbt build"],
    ]
    steps = {stage: command for group in groups for stage, command in group}
    gate = steps["extract gate"]
    assert gate[gate.index("--landing-dir") + 1] == str(tmp_path / "b" / "2" / "landing")
    excluded = steps["dbt build"][steps["dbt build"].index("--exclude") + 1 :]
    assert "path:seeds/crm" in excluded and "path:seeds/finance" in excluded
    assert not {"path:seeds/reference", "path:seeds/catalogue"} & set(excluded)
    assert excluded[-2:] == ["--exclude-resource-type", "unit_test"]
    with_units = cli.parse_args(["--extract-dir", str(tmp_path), "--unit-tests"])
    unit_build = cli.Build(args=with_units, folder=create_build_folder(tmp_path / "b", "3"))
    assert "unit_test" not in dict(unit_build.steps()[-1])["dbt build"]


def test_prune_keeps_the_newest_builds_and_the_latest_published(tmp_path: Path) -> None:

    folders = {name: create_build_folder(tmp_path, name) for name in "abcdefg"}
    folders["g"].write_status("running")
    point_latest_at(tmp_path, folders["b"])
    removed = prune(tmp_path, keep=3, current="g")
    assert removed == ["a", "c", "d"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "e", "f", "g", "latest"]
    assert (tmp_path / "latest").resolve() == folders["b"].root


def test_wrong_usage_is_one_line_and_builds_nothing(tmp_path: Path) -> None:
    published = tmp_path / "warehouse" / "crm_kpi.duckdb"
    result = subprocess.run(
        [*BUILD, "--as-of", "2026-02-30"],
        cwd=PROJECT_DIR,
        env={**os.environ, "CRM_KPI_PUBLISH_PATH": str(published)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "--as-of: '2026-02-30' is not a date YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert not published.parent.exists()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Publish a warehouse built from a generated extract set (scale 0.1, Parquet)."""
    root = tmp_path_factory.mktemp("publish")
    extracts = root / "extracts"
    generate_extracts(extracts, 0.1)
    site = Site(published=root / "warehouse" / "crm_kpi.duckdb", extracts=extracts)
    outcome = Running(site, root / "first", extract_args(site)).finish()
    assert outcome.returncode == 0, outcome.stderr + outcome.stdout[-3000:]
    assert outcome.verdict().startswith("build ") and " published to " in outcome.verdict()
    return site


def test_serving_file_holds_marts_and_baseline_only_documented_and_portable(
    site: Site, tmp_path: Path
) -> None:
    latest = site.builds / "latest"
    assert latest.is_symlink()
    build_file = latest / "build.duckdb"
    with duckdb.connect(str(site.published), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name, comment from duckdb_tables()"
        ).fetchall()
        views = con.execute("select view_name from duckdb_views() where not internal").fetchall()
        columns = con.execute(
            "select schema_name, table_name, column_name, data_type, comment "
            "from duckdb_columns() where database_name = current_database()"
        ).fetchall()
        summary = dict(
            con.execute(
                "select source_table, sum(quarantined_row_count) "
                "from data_quality.quarantine_summary group by all"
            ).fetchall()
        )
        audit = dict(
            con.execute(
                "select source_table, quarantined_row_count from marts.fct_extract_row_audit "
                "where quarantined_row_count > 0"
            ).fetchall()
        )
        meta = dict(
            zip(
                [c[0] for c in con.execute("select * from meta").description],
                con.execute("select * from meta").fetchone(),
                strict=True,
            )
        )
    # tables only (no view can point at a catalogue or a file), and only the served schemas
    assert views == []
    assert {schema for schema, _, _ in tables} == SERVED_SCHEMAS
    assert {(s, t) for s, t, _ in tables if s in ("main", "data_quality")} == {
        ("main", "meta"),
        ("data_quality", "quarantine_summary"),
    }
    # no personal data, no quarantined row content
    forbidden = pii_columns() | {"source_row_json"}
    assert {"email", "phone", "first_name", "last_name"} <= forbidden
    assert not [c for c in columns if c[2] in forbidden]
    # every relation and column carries its description
    assert not [t for t in tables if not (t[2] or "").strip()]
    assert not [c[:3] for c in columns if not (c[4] or "").strip()]
    # the same marts and baseline relations as the build, with the same column types
    with duckdb.connect(str(build_file), read_only=True) as con:
        built = con.execute(
            "select schema_name, table_name, column_name, data_type from duckdb_columns() "
            "where database_name = current_database() and schema_name in ('marts', 'baseline')"
        ).fetchall()
        invocation = json.loads((latest / "target" / "run_results.json").read_text())
    served = [c[:4] for c in columns if c[0] in ("marts", "baseline")]
    assert sorted(served) == sorted(built)
    assert summary == audit and summary, (summary, audit)
    assert meta["build_id"] == latest.resolve().name
    assert meta["dbt_invocation_id"] == invocation["metadata"]["invocation_id"]
    assert meta["extract_source"] == str(site.extracts)
    assert meta["published_relations"] == len(tables)
    # a copy under another name, elsewhere, answers on every relation
    copy = tmp_path / "mounted" / "bi_copy.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(site.published, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        for schema, name, _ in tables:
            assert con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0] >= 1


def test_status_records_each_phase_time_memory_and_load(site: Site) -> None:
    # scripts/benchmark.py reads these; one entry per phase in the order they ran
    status = json.loads((site.builds / "latest" / "status.json").read_text())
    phases = status["phases"]
    assert [p["phase"] for p in phases] == ["extract gate", "dbt parse", "dbt build", "publish"]
    # gate and parse ran side by side (group 1), then dbt build, then the publish step
    assert [p["group"] for p in phases] == [1, 1, 2, 3]
    for phase in phases:
        assert phase["seconds"] > 0
        # every phase imports duckdb (dbt too): at least 20 MiB, far below the 4 GiB target
        assert 20 < phase["peak_rss_mib"] < 4096
        assert phase["load_1m_start"] >= 0 and phase["load_1m_end"] >= 0


def test_failing_data_test_leaves_published_file_unchanged(site: Site, tmp_path: Path) -> None:
    # a hand-edited baseline value: passes the extract gate (baselines are not extracts),
    # fails in `dbt build` (the baseline's value no longer matches its frozen sums)
    baselines = tmp_path / "baselines"
    shutil.copytree(PROJECT_DIR / "baselines", baselines)
    edited = 0
    for path in baselines.glob("*/kpi_baseline.csv"):
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream))
        column = rows[0].index("baseline_value")
        rows[1][column] = str(float(rows[1][column] or 0) + 7.5)
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, lineterminator="\n").writerows(rows)
        edited += 1
    assert edited, "no baseline to edit"
    before = sha256(site.published)
    outcome = Running(
        site, tmp_path / "run", extract_args(site), env={"CRM_KPI_BASELINE_DIR": str(baselines)}
    ).finish()
    kept = assert_failed_and_unchanged(outcome, site, before, "dbt build")
    assert (kept / "build.duckdb").is_file()
    assert json.loads((kept / "status.json").read_text())["state"] == "failed"
    results = json.loads((kept / "target" / "run_results.json").read_text())["results"]
    assert any(r["status"] in ("fail", "error") for r in results)
    assert (site.builds / "latest").resolve() != kept


def test_full_disk_leaves_published_file_unchanged(site: Site, tmp_path: Path) -> None:
    def limit_file_size() -> None:
        # every file the build writes may grow to 5 MB: the build's DuckDB file outgrows it
        resource.setrlimit(resource.RLIMIT_FSIZE, (5_000_000, 5_000_000))

    before = sha256(site.published)
    outcome = Running(
        site, tmp_path / "run", extract_args(site), preexec_fn=limit_file_size
    ).finish()
    kept = assert_failed_and_unchanged(outcome, site, before, "dbt build")
    assert "File too large" in (kept / "build.log").read_text(errors="replace")


def test_kill_9_and_a_second_build_meanwhile(site: Site, tmp_path: Path) -> None:
    before = sha256(site.published)
    first = Running(site, tmp_path / "first", extract_args(site))
    first.wait_for(lambda: f"pid {first.pid}," in site.lock.read_text(), "the build lock")
    first_id = site.lock.read_text().split()[1]

    # a second build while one runs: one line naming the holder, non-zero, nothing built
    second = Running(site, tmp_path / "second", extract_args(site)).finish(timeout=120)
    assert second.returncode == 3, second.stderr
    assert second.stderr.count("\n") == 1, second.stderr
    assert second.stderr.startswith(f"another build is running: build {first_id} (pid {first.pid}")
    assert "since " in second.stderr and "--wait" in second.stderr

    # with --wait a build queues behind it (this one has a broken extract: fails at the gate)
    broken = tmp_path / "broken"
    shutil.copytree(site.extracts, broken)
    opportunity = broken / "crm" / "opportunity.parquet"
    pq.write_table(pq.read_table(opportunity).drop(["close_date"]), opportunity)
    queued = Running(site, tmp_path / "queued", ["--extract-dir", str(broken), "--wait"])
    queued.wait_for(lambda: "waiting for the running build" in queued.stderr(), "--wait")

    # kill -9 of the whole first build at a random point
    delay = random.uniform(0.5, 20.0)
    print(f"killing the first build after {delay:.1f} s")  # noqa: T201 (reproducibility)
    time.sleep(delay)
    assert first.process.poll() is None, "the build ended before it could be killed"
    os.killpg(first.pid, signal.SIGKILL)
    first.process.wait(timeout=60)
    assert sha256(site.published) == before

    outcome = queued.finish()
    kept = assert_failed_and_unchanged(outcome, site, before, "extract gate")
    assert kept.name > first_id
    assert f"build {first_id} had died before it ended" in outcome.stderr
    assert json.loads((site.builds / first_id / "status.json").read_text())["state"] == (
        "interrupted"
    )
    assert not list(site.published.parent.glob(".crm_kpi.duckdb.tmp-*"))
    assert site.meta()["extract_source"] == str(site.extracts)


POLLER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import duckdb
    published, stop = sys.argv[1], Path(sys.argv[2])
    ok, errors, seen = 0, [], []
    while not stop.exists():
        try:
            with duckdb.connect(published, read_only=True) as con:
                build_id = con.execute("select build_id from meta").fetchone()[0]
                con.execute("select sum(numerator) from marts.fct_kpi_monthly").fetchone()
            ok += 1
            if not seen or seen[-1] != build_id:
                seen.append(build_id)
                print("seen", build_id, flush=True)
        except Exception as exc:
            errors.append(str(exc).splitlines()[0])
        time.sleep(0.05)
    print(json.dumps({"ok": ok, "errors": errors, "seen": seen}), flush=True)
    """
)

NEW_CONNECTION = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
    "print(*con.execute('select build_id, extract_source from meta').fetchone(), sep=chr(10))"
)


def test_demo_build_after_extract_build_while_readers_hold_and_poll(
    site: Site, tmp_path: Path
) -> None:
    old = site.meta()
    held = duckdb.connect(str(site.published), read_only=True)
    try:
        old_facts = held.execute(
            "select count(*), sum(numerator) from marts.fct_kpi_monthly"
        ).fetchone()
        stop = tmp_path / "stop"
        poller = subprocess.Popen(
            [sys.executable, "-c", POLLER, str(site.published), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert poller.stdout is not None
        assert poller.stdout.readline().split() == ["seen", old["build_id"]]

        outcome = Running(site, tmp_path / "demo", []).finish()
        assert outcome.returncode == 0, outcome.stderr + outcome.stdout[-3000:]
        assert " published to " in outcome.verdict()
        time.sleep(1.0)
        stop.touch()
        report = json.loads(poller.communicate(timeout=60)[0].splitlines()[-1])

        new_id = (site.builds / "latest").resolve().name
        assert report["errors"] == []
        assert report["seen"] == [old["build_id"], new_id]
        # the held connection still answers, with the old build's data
        assert held.execute("select build_id from meta").fetchone()[0] == old["build_id"]
        assert (
            held.execute("select count(*), sum(numerator) from marts.fct_kpi_monthly").fetchone()
            == old_facts
        )
    finally:
        held.close()
    # a new connection (another process: DuckDB caches open files per process) sees the demo
    fresh = subprocess.run(
        [sys.executable, "-c", NEW_CONNECTION, str(site.published)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert fresh[:2] == [new_id, "demo seeds"]
    # the demo raw layer reads the demo seed files landed in the new build's own folder, never
    # the landing of the extract build before it: no `make clean` needed
    latest = (site.builds / "latest").resolve()
    with duckdb.connect(str(latest / "build.duckdb"), read_only=True) as con:
        raw = con.execute(
            "select sql from duckdb_views() "
            "where schema_name = 'raw_crm' and view_name = 'opportunity'"
        ).fetchall()
        raw_rows = con.execute("select count(*) from raw_crm.opportunity").fetchone()[0]
    assert len(raw) == 1 and str(latest / "landing" / "crm" / "opportunity.parquet") in raw[0][0]
    with (PROJECT_DIR / "seeds" / "crm" / "opportunity.csv").open(encoding="utf-8") as seed:
        assert raw_rows == sum(1 for _ in csv.reader(seed)) - 1
