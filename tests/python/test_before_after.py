"""Before/after: the planted effects, the control region, and an immutable baseline.

Uses the session warehouse (conftest) for the oracle checks: a snapshot is taken from it
into a temporary baseline dir and the before/after marts are rebuilt on a copy of it.
One extra warehouse is built from edited raw extracts (amounts changed, opportunities
deleted, a rep moved to another region) to show that the frozen baseline does not move.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, Warehouse, dbt_env, generate_extracts

from crm_kpi.contract import systems

SNAPSHOT = ("-m", "crm_kpi.baseline")
PLANTED = json.loads((PROJECT_DIR / "seeds" / "planted_effects.json").read_text())
EFFECTS = {effect["kpi_code"]: effect for effect in PLANTED["effects"]}
CONTROL_REGIONS = PLANTED["control_regions"]
LABEL = "ist"

# Size tolerance. The generator plants the effect in the data-generating process (a
# probability per deal, a login rate per user-month, a response-time distribution), so a
# region's realised change is the planted one plus sampling noise: we allow 3 standard
# errors of the change (SE = |change| / |z| from the Welch z; 3 SE fail by chance in 0.3 %
# of checks) plus 25 % of the planted size for the generator's own mechanics (monthly caps
# on login days, deal mix, rounding of hours), which shift the realised level a little.
TOLERANCE_SE = 3.0
TOLERANCE_SHARE = 0.25


def run_snapshot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run python -m crm_kpi.baseline in a subprocess (its own DuckDB connection)."""
    return subprocess.run(
        [sys.executable, *SNAPSHOT, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_DIR,
        env=env,
    )


def tree_digest(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root (to prove a failed run left it byte-identical)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def assert_one_line_error(result: subprocess.CompletedProcess) -> None:
    """Assert a user error: non-zero exit, exactly one line on stderr, no traceback."""
    assert result.returncode != 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr


@dataclass(frozen=True)
class Compared:
    """A warehouse with a frozen baseline loaded and the before/after marts built."""

    warehouse: Warehouse
    baseline_dir: Path


def _dbt_subprocess(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the venv's dbt on this project in a subprocess with env added; return its result."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), *args, "--project-dir", str(PROJECT_DIR)],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_DIR,
        env={**os.environ, **env},
    )


def run_dbt_cli(args: list[str], env: dict[str, str]) -> None:
    """Run dbt in a subprocess: the DuckDB file is released when it ends.

    (dbt-duckdb in-process keeps the last database open, which would lock the file
    against the snapshot script and clash with read-only connections.)
    """
    result = _dbt_subprocess(args, env)
    if result.returncode != 0:
        pytest.fail(f"dbt {' '.join(args)} failed:\n{result.stdout[-4000:]}{result.stderr}")


def copy_warehouse(source: Path, target: Path) -> None:
    """Copy a DuckDB file (and its WAL, if any) under the same file name stem."""
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + ".wal"))


@pytest.fixture(scope="module")
def compared(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Compared:
    """Snapshot a copy of the session warehouse, then build the baseline models on that copy."""
    work_dir = tmp_path_factory.mktemp("before_after")
    baseline_dir = work_dir / "baselines"
    env = dbt_env(work_dir, CRM_KPI_BASELINE_DIR=str(baseline_dir), CRM_KPI_BASELINE_LABEL=LABEL)
    # same file name as the session warehouse: DuckDB views name their catalog by it
    copy_path = Path(env["CRM_KPI_DUCKDB_PATH"])
    assert copy_path.name == warehouse.path.name
    copy_warehouse(warehouse.path, copy_path)
    result = run_snapshot(
        "--label", LABEL, "--duckdb", str(copy_path), "--baseline-dir", str(baseline_dir)
    )
    assert result.returncode == 0, result.stderr
    # baseline_manifests+: the catalog of the temporary baseline dir, kpi_baseline, the marts
    run_dbt_cli(["build", "--select", "baseline_manifests+"], env)
    return Compared(Warehouse(copy_path, env), baseline_dir)


def comparison_row(compared: Compared, kpi_code: str, region_code: str | None) -> dict:
    """Return the before/after row of a KPI at region (or company: None) grain."""
    grain = "company" if region_code is None else "region"
    with duckdb.connect(str(compared.warehouse.path), read_only=True) as con:
        cursor = con.execute(
            """
            select * from marts.fct_kpi_before_after
            where baseline_label = ? and kpi_code = ? and grain = ?
              and region_code is not distinct from ? and rep_id is null
            """,
            [LABEL, kpi_code, grain, region_code],
        )
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    assert len(rows) == 1, f"{kpi_code} {region_code}: {len(rows)} rows"
    return rows[0]


def observed_and_expected(row: dict, effect: dict, treated_share: float) -> tuple[float, float]:
    """Return the observed and the planted change in the effect's unit (absolute or relative %)."""
    if effect["kind"] == "relative":
        return row["relative_change"] * 100, effect["expected_change"] * treated_share
    return row["absolute_change"], effect["expected_change"] * treated_share


def check_effect(row: dict, effect: dict, treated_share: float, where: str) -> None:
    """Assert the right sign, about the right size, significant."""
    observed, expected = observed_and_expected(row, effect, treated_share)
    assert math.copysign(1, observed) == math.copysign(1, expected), (
        f"{where}: change {observed:.2f} has the wrong sign (planted {expected:.2f})"
    )
    standard_error = abs(row["absolute_change"] / row["welch_z"])
    if effect["kind"] == "relative":
        standard_error = standard_error / abs(row["baseline_value"]) * 100
    tolerance = TOLERANCE_SE * standard_error + TOLERANCE_SHARE * abs(expected)
    assert abs(observed - expected) <= tolerance, (
        f"{where}: change {observed:.2f}, planted {expected:.2f}, tolerance {tolerance:.2f}"
    )
    assert row["is_significant"], f"{where}: not significant (z = {row['welch_z']:.2f})"


@pytest.mark.parametrize("kpi_code", sorted(EFFECTS))
def test_planted_effect_found_in_every_live_region(compared: Compared, kpi_code: str) -> None:
    effect = EFFECTS[kpi_code]
    for region_code in effect["regions"]:
        row = comparison_row(compared, kpi_code, region_code)
        check_effect(row, effect, 1.0, f"{kpi_code} in {region_code}")


@pytest.mark.parametrize("kpi_code", sorted(EFFECTS))
def test_planted_effect_found_at_company_grain(compared: Compared, kpi_code: str) -> None:
    # the company mixes treated regions with the untreated control region: the expected
    # change is the planted one times the treated share of the evaluation window's n
    effect = EFFECTS[kpi_code]
    company = comparison_row(compared, kpi_code, None)
    control_n = sum(
        comparison_row(compared, kpi_code, region)["current_n"] for region in CONTROL_REGIONS
    )
    treated_share = 1 - control_n / company["current_n"]
    check_effect(company, effect, treated_share, f"{kpi_code} at company grain")


@pytest.mark.parametrize("kpi_code", sorted(EFFECTS))
def test_control_region_shows_no_significant_change(compared: Compared, kpi_code: str) -> None:
    for region_code in CONTROL_REGIONS:
        row = comparison_row(compared, kpi_code, region_code)
        assert row["is_control_region"]
        assert row["is_significant"] is False, (
            f"{kpi_code} in control {region_code}: z = {row['welch_z']:.2f} "
            f"({row['baseline_value']:.2f} -> {row['current_value']:.2f})"
        )
        assert row["did_estimate"] is None


def test_did_removes_the_common_trend(compared: Compared) -> None:
    # DiD = the region's change minus the control pool's change over the same windows
    row = comparison_row(compared, "win_rate", "de_north")
    assert row["did_estimate"] == pytest.approx(row["absolute_change"] - row["control_change"])
    assert row["control_change"] == pytest.approx(
        row["control_current_value"] - row["control_baseline_value"]
    )


def test_baseline_side_is_the_frozen_file(compared: Compared) -> None:
    with (compared.baseline_dir / LABEL / "kpi_baseline.csv").open(newline="") as handle:
        frozen = {
            (r["kpi_code"], r["grain"], r["region_code"] or None, r["rep_id"] or None): r
            for r in csv.DictReader(handle)
            if r["is_comparison_window"] == "false"
        }
    rows = compared.warehouse.query(
        "select kpi_code, grain, region_code, rep_id, baseline_value, baseline_n "
        "from marts.fct_kpi_before_after where baseline_label = ? and baseline_value is not null",
        [LABEL],
    )
    assert len(rows) == len([r for r in frozen.values() if r["baseline_value"] != ""]), (
        "every frozen row with a value appears once in the comparison"
    )
    for kpi_code, grain, region_code, rep_id, value, n in rows:
        row = frozen[(kpi_code, grain, region_code, rep_id)]
        assert value == float(row["baseline_value"])
        assert n == (float(row["sum_denominator"]) if row["sum_denominator"] else None)


def test_verify_passes_and_detects_a_hand_edit(compared: Compared, tmp_path: Path) -> None:
    baseline_dir = tmp_path / "baselines"
    shutil.copytree(compared.baseline_dir, baseline_dir)
    ok = run_snapshot("--verify", "--label", LABEL, "--baseline-dir", str(baseline_dir))
    assert ok.returncode == 0, ok.stderr

    data_file = baseline_dir / LABEL / "kpi_baseline.csv"
    lines = data_file.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace(",mean,", ",mean,", 1).rstrip("\n") + "1\n"
    data_file.write_text("".join(lines))
    edited = run_snapshot("--verify", "--baseline-dir", str(baseline_dir))
    assert_one_line_error(edited)
    assert edited.returncode == 1
    assert str(data_file) in edited.stderr

    shutil.copyfile(compared.baseline_dir / LABEL / "kpi_baseline.csv", data_file)
    manifest_file = baseline_dir / LABEL / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["as_of"] = "2020-01-01"
    manifest_file.write_text(json.dumps(manifest, indent=2))
    edited = run_snapshot("--verify", "--label", LABEL, "--baseline-dir", str(baseline_dir))
    assert_one_line_error(edited)
    assert str(manifest_file) in edited.stderr


def test_same_label_needs_force_and_a_reason(compared: Compared, tmp_path: Path) -> None:
    baseline_dir = tmp_path / "baselines"
    shutil.copytree(compared.baseline_dir, baseline_dir)
    before = tree_digest(baseline_dir)
    common = (
        "--label",
        LABEL,
        "--duckdb",
        str(compared.warehouse.path),
        "--baseline-dir",
        str(baseline_dir),
    )

    again = run_snapshot(*common)
    assert_one_line_error(again)
    assert "already exists" in again.stderr
    no_reason = run_snapshot(*common, "--force")
    assert_one_line_error(no_reason)
    assert tree_digest(baseline_dir) == before

    old_manifest_sha = before[f"{LABEL}/manifest.json"]
    forced = run_snapshot(*common, "--force", "--reason", "re-taken after the fx fix")
    assert forced.returncode == 0, forced.stderr
    manifest = json.loads((baseline_dir / LABEL / "manifest.json").read_text())
    assert manifest["force_history"][-1]["reason"] == "re-taken after the fx fix"
    assert manifest["force_history"][-1]["previous_manifest_sha256"] == old_manifest_sha
    # same warehouse, same data: the frozen rows are byte-identical (deterministic output)
    assert (
        tree_digest(baseline_dir)[f"{LABEL}/kpi_baseline.csv"]
        == before[f"{LABEL}/kpi_baseline.csv"]
    )
    assert run_snapshot("--verify", "--baseline-dir", str(baseline_dir)).returncode == 0
    listed = run_snapshot("--list", "--baseline-dir", str(baseline_dir))
    assert listed.returncode == 0 and LABEL in listed.stdout


def test_bad_inputs_give_one_line_and_keep_the_baseline(compared: Compared, tmp_path: Path) -> None:
    baseline_dir = tmp_path / "baselines"
    shutil.copytree(compared.baseline_dir, baseline_dir)
    before = tree_digest(baseline_dir)
    target = ("--baseline-dir", str(baseline_dir), "--force", "--reason", "test")
    wh = ("--duckdb", str(compared.warehouse.path))

    empty_db = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty_db)).close()
    locked_db = tmp_path / "locked.duckdb"
    copy_warehouse(compared.warehouse.path, locked_db)

    cases = {
        "missing warehouse": ("--label", LABEL, "--duckdb", str(tmp_path / "nope.duckdb")),
        "fct not built": ("--label", LABEL, "--duckdb", str(empty_db)),
        "bad date": ("--label", LABEL, *wh, "--as-of", "2025-02-30"),
        "window not complete": ("--label", LABEL, *wh, "--as-of", "2025-03-01"),
        "bad label": ("--label", "../escape", *wh),
    }
    for name, args in cases.items():
        result = run_snapshot(*args, *target)
        assert_one_line_error(result)
        assert tree_digest(baseline_dir) == before, name

    holder = duckdb.connect(str(locked_db))  # a writer (e.g. dbt build) holds the lock
    try:
        result = run_snapshot("--label", LABEL, "--duckdb", str(locked_db), *target)
    finally:
        holder.close()
    assert_one_line_error(result)
    assert "locked" in result.stderr
    assert tree_digest(baseline_dir) == before


def edit_extracts(extract_dir: Path) -> None:
    """Copy the raw seed CSVs and change history: amounts, deletions, a moved rep."""
    for system in systems():
        shutil.copytree(PROJECT_DIR / "seeds" / system, extract_dir / system)

    path = extract_dir / "crm" / "opportunity.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = list(reader)
    kept = []
    for index, row in enumerate(rows):
        if index % 10 == 0:
            continue  # deleted from the CRM
        if row["amount"]:
            row["amount"] = f"{float(row['amount']) * 3:.2f}"
        kept.append(row)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)

    path = extract_dir / "crm" / "user.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        users = list(reader)
    moved = next(u for u in users if u["country_code"] == "DE" and u["state_code"] == "BY")
    moved["state_code"] = "HH"  # de_south -> de_north
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(users)


@pytest.mark.slow
def test_frozen_baseline_survives_changed_raw_data(
    compared: Compared, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work_dir = tmp_path_factory.mktemp("edited")
    extract_dir = work_dir / "extracts"
    edit_extracts(extract_dir)
    csv_before = (compared.baseline_dir / LABEL / "kpi_baseline.csv").read_bytes()

    env = dbt_env(
        work_dir,
        CRM_KPI_EXTRACT_DIR=str(extract_dir),
        CRM_KPI_EXTRACT_FORMAT="csv",
        CRM_KPI_BASELINE_DIR=str(compared.baseline_dir),
        CRM_KPI_BASELINE_LABEL=LABEL,
    )
    # like conftest.build_warehouse with an extract dir, plus the KPI catalogue seed (it is
    # project configuration, not a raw extract)
    run_dbt_cli(["seed", "--select", "path:seeds/reference", "path:seeds/catalogue"], env)
    run_dbt_cli(["build", "--exclude", "resource_type:seed"], env)
    edited = Warehouse(Path(env["CRM_KPI_DUCKDB_PATH"]), env)
    assert (compared.baseline_dir / LABEL / "kpi_baseline.csv").read_bytes() == csv_before

    # the raw change is real: recomputed from today's data the baseline window differs ...
    frozen_revenue = compared.warehouse.scalar(
        "select baseline_value from baseline.kpi_baseline where kpi_code = 'won_revenue_eur' "
        "and grain = 'company' and not is_comparison_window"
    )
    recomputed = edited.scalar(
        "select sum(f.numerator) / max(w.months_in_baseline) from marts.fct_kpi_monthly f "
        "join intermediate.int_rollout_windows w on w.grain = 'company' "
        "where f.kpi_code = 'won_revenue_eur' and f.grain = 'company' "
        "and f.period_month between w.baseline_start_month and w.baseline_end_month"
    )
    assert recomputed > 2 * frozen_revenue

    # ... but the loaded baseline and the comparison's baseline side are unchanged
    baseline_sql = "select * exclude (baseline_label) from baseline.kpi_baseline order by all"
    assert edited.query(baseline_sql) == compared.warehouse.query(baseline_sql)
    side_sql = (
        "select kpi_code, grain, region_code, rep_id, baseline_start_month, "
        "baseline_end_month, baseline_months, baseline_n, baseline_value "
        "from marts.fct_kpi_before_after where baseline_value is not null order by all"
    )
    assert edited.query(side_sql) == compared.warehouse.query(side_sql)


# ------------------------------------------------------------------ a baseline belongs to its data

DEMO_LABEL = "demo_ist"
INTEGRITY_MESSAGE = "baseline integrity check failed: "


def run_dbt_expecting_failure(args: list[str], env: dict[str, str]) -> str:
    """Run dbt in a subprocess that must fail; return its output."""
    result = _dbt_subprocess(args, env)
    assert result.returncode != 0, f"dbt {' '.join(args)} should have failed:\n{result.stdout}"
    return result.stdout + result.stderr


def integrity_line(output: str) -> str:
    """Return the one-line integrity error (dbt repeats it in its summary: the same line)."""
    lines = {line.strip() for line in output.splitlines() if INTEGRITY_MESSAGE in line}
    assert len(lines) == 1, output[-4000:]
    return lines.pop()


def test_demo_baseline_matches_the_demo_data(warehouse: Warehouse) -> None:
    # the committed demo baseline verifies, matches the demo data and is the one used
    ok = run_snapshot("--verify", "--label", DEMO_LABEL)
    assert ok.returncode == 0, ok.stderr
    catalog = warehouse.query(
        "select baseline_label, is_matching_data, is_selected from baseline.baseline_catalog"
    )
    assert catalog == [(DEMO_LABEL, True, True)]
    status = warehouse.query(
        "select distinct baseline_label, baseline_status from marts.fct_kpi_scorecard"
    )
    assert status == [(DEMO_LABEL, "baseline used")]


@pytest.mark.parametrize("damage", ["edited csv byte", "deleted manifest"])
def test_build_stops_on_a_damaged_baseline(tmp_path: Path, damage: str) -> None:
    baseline_dir = tmp_path / "baselines"
    shutil.copytree(PROJECT_DIR / "baselines", baseline_dir)
    label_dir = baseline_dir / DEMO_LABEL
    if damage == "edited csv byte":
        damaged = label_dir / "kpi_baseline.csv"
        content = bytearray(damaged.read_bytes())
        position = content.index(b".", 200)  # a digit next to the first decimal point
        content[position - 1] = ord("7") if content[position - 1] != ord("7") else ord("8")
        damaged.write_bytes(bytes(content))
        # the model that loads the CSV refuses it even when built on its own
        select = "kpi_baseline"
    else:
        damaged = label_dir / "manifest.json"
        damaged.unlink()
        select = "baseline_manifests"
    env = dbt_env(tmp_path, CRM_KPI_BASELINE_DIR=str(baseline_dir))
    output = run_dbt_expecting_failure(["build", "--select", select], env)
    line = integrity_line(output)
    assert str(damaged) in line
    command = f"-m crm_kpi.baseline --verify --label {DEMO_LABEL} --baseline-dir {baseline_dir}"
    assert line.endswith(command), line

    # the command the line names shows the difference, in one line, naming the file
    shown = run_snapshot("--verify", "--label", DEMO_LABEL, "--baseline-dir", str(baseline_dir))
    assert_one_line_error(shown)
    assert shown.returncode == 1
    assert str(damaged) in shown.stderr


def generate_other_company(extract_dir: Path) -> None:
    """Parquet extracts of another company: another seed gives other users and dates."""
    generate_extracts(extract_dir, 0.3, "--seed", "7")


def scorecard_state(wh: Warehouse) -> list[tuple]:
    """Distinct (label, status, rows with a baseline value, rows with a z) of the scorecard."""
    return wh.query(
        "select baseline_label, baseline_status, count(baseline_value), count(welch_z) "
        "from marts.fct_kpi_scorecard group by all"
    )


@pytest.mark.slow
def test_new_company_path_from_the_readme(
    warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work_dir = tmp_path_factory.mktemp("new_company")
    extract_dir = work_dir / "extracts"
    generate_other_company(extract_dir)
    # a fresh clone: the repository's baselines (the demo's only)
    baseline_dir = work_dir / "baselines"
    shutil.copytree(PROJECT_DIR / "baselines", baseline_dir)
    env = dbt_env(
        work_dir,
        CRM_KPI_EXTRACT_DIR=str(extract_dir),
        CRM_KPI_EXTRACT_FORMAT="parquet",
        CRM_KPI_BASELINE_DIR=str(baseline_dir),
    )

    # 1. build on its own extracts: the demo baseline is not applied, the scorecard says so
    run_dbt_cli(["seed", "--select", "path:seeds/reference", "path:seeds/catalogue"], env)
    run_dbt_cli(["build", "--exclude", "resource_type:seed"], env)
    company = Warehouse(Path(env["CRM_KPI_DUCKDB_PATH"]), env)
    demo_source = warehouse.scalar("select source_id from baseline.baseline_dataset_identity")
    assert company.scalar("select source_id from baseline.baseline_dataset_identity") not in (
        None,
        demo_source,
    )
    assert company.query(
        "select baseline_label, is_same_regions, is_same_rollout_plan, is_same_source, "
        "is_matching_data, is_selected from baseline.baseline_catalog"
    ) == [(DEMO_LABEL, True, True, False, False, False)]
    assert scorecard_state(company) == [(None, "no baseline for this data", 0, 0)]
    message = company.scalar("select distinct baseline_message from marts.fct_kpi_scorecard")
    assert "-m crm_kpi.baseline --label ist --as-of" in message, message
    assert DEMO_LABEL in message
    assert company.scalar("select count(*) from baseline.kpi_baseline") == 0
    assert company.scalar("select count(*) from marts.fct_kpi_before_after") == 0
    assert company.scalar("select count(*) from marts.fct_crm_roi") == 0

    # 2. freeze its baseline as the README says (the warehouse from env, as `make build` left
    #    it); `--label ist` is free on a fresh clone. 2025-09-01: the last region's go-live,
    #    the first day every baseline window of the roll-out plan is complete
    taken = run_snapshot("--label", "ist", "--as-of", "2025-09-01", env={**os.environ, **env})
    assert taken.returncode == 0, taken.stderr
    manifest = json.loads((baseline_dir / "ist" / "manifest.json").read_text())
    assert manifest["dataset_identity"]["source_id"] != demo_source
    assert run_snapshot("--verify", "--baseline-dir", str(baseline_dir)).returncode == 0

    # 3. build again: the verdict uses its own baseline, the demo's is still ignored
    run_dbt_cli(["build", "--select", "baseline_manifests+"], env)
    state = scorecard_state(company)
    assert len(state) == 1
    label, status, with_baseline, with_z = state[0]
    assert (label, status) == ("ist", "baseline used")
    assert with_baseline > 0 and with_z > 0
    assert company.query("select distinct baseline_label from marts.fct_kpi_before_after") == [
        ("ist",)
    ]
    frozen = company.scalar(
        "select baseline_value from baseline.kpi_baseline where kpi_code = 'win_rate' "
        "and grain = 'company' and not is_comparison_window"
    )
    shown = company.scalar(
        "select distinct baseline_value from marts.fct_kpi_scorecard "
        "where kpi_code = 'win_rate' and grain = 'company'"
    )
    assert shown == frozen


def test_snapshot_reads_the_latest_build_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # env CRM_KPI_DUCKDB_PATH, else warehouse/builds/latest/build.duckdb if it exists, else
    # the serving file warehouse/crm_kpi.duckdb (of the project, wherever the script runs)
    from crm_kpi.baseline import warehouse as snapshot_warehouse

    monkeypatch.setattr(snapshot_warehouse, "PROJECT_DIR", tmp_path)
    monkeypatch.delenv("CRM_KPI_DUCKDB_PATH", raising=False)
    assert snapshot_warehouse.default_warehouse() == tmp_path / "warehouse" / "crm_kpi.duckdb"
    latest = tmp_path / "warehouse" / "builds" / "latest" / "build.duckdb"
    latest.parent.mkdir(parents=True)
    latest.write_bytes(b"")
    assert snapshot_warehouse.default_warehouse() == latest
    monkeypatch.setenv("CRM_KPI_DUCKDB_PATH", str(tmp_path / "own.duckdb"))
    assert snapshot_warehouse.default_warehouse() == tmp_path / "own.duckdb"
