"""Freeze the IST baseline: the KPI components of the baseline windows, before the roll-out.

Reads ``marts.fct_kpi_monthly`` and ``intermediate.int_rollout_windows`` from a built
warehouse (opened read-only and closed again: DuckDB locks the file) and writes one
frozen, reviewable baseline per label::

    <baseline-dir>/<label>/kpi_baseline.csv   one row per (kpi_code, grain, region_code,
                                              rep_id, window_scope_code): the sums of the
                                              baseline window's months and the value
    <baseline-dir>/<label>/manifest.json      label, taken_at, as_of, the data's identity
                                              (regions, roll-out plan, source id), roll-out
                                              plan, windows, dbt vars, row counts, SHA-256
                                              of the CSV, fingerprint of the raw extracts,
                                              git commit, force history, own checksum

The data's identity is read from ``baseline.baseline_dataset_identity``: the build loads a
baseline only into a warehouse whose data has the same identity (models/baseline). The
manifest's own checksum ``manifest_sha256`` (its last key) is the SHA-256 of the manifest
text before the ``"manifest_sha256"`` key, so that the build can recompute it in DuckDB.

Rows use the window of their scope: rep and region rows their region's window (a control
region the company's), company rows the company window. For the difference-in-differences
estimate every region's region-grain row is also frozen over every live region's window
(``is_comparison_window`` true). See docs/before_after.md.

The warehouse read (``--warehouse``): env CRM_KPI_DUCKDB_PATH if set, else the latest
successful build ``warehouse/builds/latest/build.duckdb`` if it exists, else
``warehouse/crm_kpi.duckdb``.

Modes: take a snapshot (default), ``--verify`` (detect hand edits), ``--list``.
Exit codes: 0 ok, 1 verification failed, 2 a usage or environment error (one line on
stderr, the previous baseline untouched).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
DATA_FILE = "kpi_baseline.csv"
MANIFEST_FILE = "manifest.json"
RAW_SYSTEMS = ("crm", "erp", "survey", "hr", "finance")
WINDOW_VARS = ("baseline_months", "stabilization_months", "evaluation_months")
LABEL_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MANIFEST_FORMAT = 2
CHECKSUM_KEY = '"manifest_sha256"'
LATEST_BUILD = Path("warehouse/builds/latest/build.duckdb")
SERVING_FILE = Path("warehouse/crm_kpi.duckdb")

LOG = logging.getLogger("snapshot_baseline")

COLUMNS = (
    "kpi_code",
    "grain",
    "region_code",
    "rep_id",
    "window_scope_code",
    "is_comparison_window",
    "window_start_month",
    "window_end_month",
    "months_in_window",
    "months_counted",
    "sum_numerator",
    "sum_denominator",
    "sum_sum_sq",
    "kpi_type",
    "scale",
    "baseline_value",
)

# The same summing as fct_kpi_before_after's evaluation side (macro window_kpi_value):
# Σ components over the window's months; a total is a monthly average over the months of
# the window, a mean / ratio Σnumerator / Σdenominator × scale. Months suppressed for
# anonymity (null numerator) are left out of n as well. Ordered sums keep the float
# result identical from run to run.
BASELINE_SQL = """
with
windows as (select * from intermediate.int_rollout_windows),
kpis as (select kpi_code, kpi_type, scale from marts.dim_kpi),
facts as (select * from marts.fct_kpi_monthly),
own_rows as (
    select
        facts.*,
        windows.window_scope_code,
        false as is_comparison_window,
        windows.baseline_start_month as window_start_month,
        windows.baseline_end_month as window_end_month,
        windows.months_in_baseline as months_in_window
    from facts
    inner join windows
        on (facts.grain = 'company' and windows.grain = 'company')
        or (facts.grain in ('region', 'rep') and windows.region_code = facts.region_code)
),
comparison_rows as (
    select
        facts.*,
        live.scope_code as window_scope_code,
        true as is_comparison_window,
        live.baseline_start_month as window_start_month,
        live.baseline_end_month as window_end_month,
        live.months_in_baseline as months_in_window
    from facts
    inner join windows as live
        on live.grain = 'region' and not live.is_control
        and live.region_code != facts.region_code
    where facts.grain = 'region'
),
in_window as (
    select * from own_rows
    union all
    select * from comparison_rows
),
summed as (
    select
        in_window.kpi_code,
        in_window.grain,
        in_window.region_code,
        in_window.rep_id,
        in_window.window_scope_code,
        in_window.is_comparison_window,
        in_window.window_start_month,
        in_window.window_end_month,
        in_window.months_in_window,
        count(distinct in_window.period_month)
            filter (where in_window.numerator is not null) as months_counted,
        sum(in_window.numerator order by in_window.period_month) as sum_numerator,
        sum(in_window.denominator order by in_window.period_month)
            filter (where in_window.numerator is not null) as sum_denominator,
        sum(in_window.sum_sq order by in_window.period_month) as sum_sum_sq
    from in_window
    where in_window.period_month between in_window.window_start_month
        and in_window.window_end_month
    group by all
)
select
    summed.kpi_code,
    summed.grain,
    summed.region_code,
    summed.rep_id,
    summed.window_scope_code,
    summed.is_comparison_window,
    summed.window_start_month,
    summed.window_end_month,
    summed.months_in_window,
    summed.months_counted,
    summed.sum_numerator,
    summed.sum_denominator,
    summed.sum_sum_sq,
    kpis.kpi_type,
    kpis.scale,
    case
        when kpis.kpi_type = 'total'
            then summed.sum_numerator / nullif(summed.months_in_window, 0)
        else summed.sum_numerator / nullif(summed.sum_denominator, 0) * kpis.scale
    end as baseline_value
from summed
inner join kpis on summed.kpi_code = kpis.kpi_code
where summed.months_counted > 0
order by
    summed.kpi_code,
    summed.grain,
    summed.region_code nulls first,
    summed.rep_id nulls first,
    summed.window_scope_code
"""

WINDOWS_SQL = """
select
    scope_code, grain, region_code, go_live_date, go_live_month, is_control,
    window_scope_code, baseline_start_month, baseline_end_month, months_in_baseline,
    is_baseline_complete, stabilization_start_month, stabilization_end_month,
    evaluation_start_month, evaluation_end_month, months_in_evaluation
from intermediate.int_rollout_windows
order by grain, scope_code
"""


IDENTITY_SQL = """
select region_codes, rollout_plan, source_id, source_id_user_count
from baseline.baseline_dataset_identity
"""


class SnapshotError(Exception):
    """An error the user can cause and fix: reported as one line, exit code 2."""


class VerificationError(Exception):
    """A baseline that no longer matches its manifest: exit code 1."""


def env_default(name: str, fallback: str) -> str:
    """Value of an environment variable, fallback when unset or empty."""
    return os.environ.get(name) or fallback


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options (defaults from the environment, see the module docstring)."""
    parser = argparse.ArgumentParser(
        description="Freeze the KPI baseline (IST) of the roll-out's baseline windows.",
    )
    parser.add_argument(
        "--label",
        default=None,
        help="baseline label = folder name (default: env CRM_KPI_BASELINE_LABEL or 'ist'; "
        "with --verify / --list: all labels when omitted)",
    )
    parser.add_argument(
        "--as-of",
        dest="as_of",
        help="YYYY-MM-DD the snapshot is taken as of (default: today); refused when a "
        "baseline window is not complete by then",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite an existing label (needs --reason)"
    )
    parser.add_argument("--reason", help="why an existing label is overwritten (recorded)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--verify", action="store_true", help="check data and manifest checksums, no writing"
    )
    mode.add_argument("--list", action="store_true", help="list the stored baselines")
    parser.add_argument(
        "--warehouse",
        "--duckdb",
        dest="warehouse",
        type=Path,
        default=None,
        help="warehouse file to read (default: env CRM_KPI_DUCKDB_PATH, else "
        f"{LATEST_BUILD} if it exists, else {SERVING_FILE})",
    )
    parser.add_argument(
        "--baseline-dir",
        type=Path,
        default=Path(env_default("CRM_KPI_BASELINE_DIR", "baselines")),
        help="where baselines live (default: env CRM_KPI_BASELINE_DIR or baselines)",
    )
    parser.add_argument(
        "--extract-dir",
        type=Path,
        default=Path(os.environ["CRM_KPI_EXTRACT_DIR"])
        if os.environ.get("CRM_KPI_EXTRACT_DIR")
        else None,
        help="raw extracts the warehouse was built from, for the fingerprint "
        "(default: env CRM_KPI_EXTRACT_DIR, else the demo seeds)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return parser.parse_args(argv)


def default_warehouse() -> Path:
    """Warehouse to read when --warehouse is not given (see the module docstring)."""
    if os.environ.get("CRM_KPI_DUCKDB_PATH"):
        return Path(os.environ["CRM_KPI_DUCKDB_PATH"])
    latest = PROJECT_DIR / LATEST_BUILD
    if latest.is_file():
        return latest
    return PROJECT_DIR / SERVING_FILE


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's content."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_checksum(text: str) -> str | None:
    """SHA-256 of the manifest text before its "manifest_sha256" key (None without the key).

    The same rule as macro verify_baseline_files, which recomputes it in DuckDB.
    """
    position = text.find(CHECKSUM_KEY)
    if position < 0:
        return None
    return sha256_bytes(text[:position].encode("utf-8"))


def render_manifest(manifest: dict[str, Any]) -> bytes:
    """Manifest JSON (indent 2) with manifest_sha256, the checksum of what precedes it, last."""
    body = {key: value for key, value in manifest.items() if key != "manifest_sha256"}
    placeholder = "0" * 64
    text = json.dumps({**body, "manifest_sha256": placeholder}, indent=2, ensure_ascii=False)
    digest = manifest_checksum(text)
    position = text.find(CHECKSUM_KEY)
    text = text[:position] + text[position:].replace(placeholder, str(digest), 1)
    return (text + "\n").encode("utf-8")


def check_label(label: str) -> str:
    """Validate a label: a plain folder name (it becomes baseline_label in the warehouse)."""
    if not LABEL_PATTERN.match(label):
        raise SnapshotError(
            f"invalid label {label!r}: use letters, digits, '_', '-' or '.' (no slashes)"
        )
    return label


def parse_as_of(value: str | None) -> dt.date:
    """Parse the --as-of date (today when omitted)."""
    if value is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SnapshotError(f"invalid --as-of {value!r}: expected YYYY-MM-DD") from None


def format_value(value: object) -> str:
    """Deterministic CSV text: '' for null, ISO dates, shortest round-trip floats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def month_end(month: dt.date) -> dt.date:
    """Last day of the month of a date."""
    next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month - dt.timedelta(days=1)


def read_warehouse(
    path: Path,
) -> tuple[list[tuple], list[dict[str, Any]], dt.date | None, dict[str, Any]]:
    """Read baseline rows, windows, the data's as-of date and identity; then close."""
    if not path.is_file():
        raise SnapshotError(f"warehouse file not found: {path} (run make build first)")
    try:
        con = duckdb.connect(str(path), read_only=True, config={"threads": 1})
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise SnapshotError(
                f"warehouse {path} is locked by another process (is dbt running?)"
            ) from None
        raise SnapshotError(f"cannot open warehouse {path}: {str(exc).splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise SnapshotError(f"cannot open warehouse {path}: {str(exc).splitlines()[0]}") from None
    try:
        try:
            cursor = con.execute(WINDOWS_SQL)
            names = [column[0] for column in cursor.description]
            windows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            rows = con.execute(BASELINE_SQL).fetchall()
            as_of_row = con.execute(
                "select max(data_as_of_date) from intermediate.int_month_spine"
            ).fetchone()
            cursor = con.execute(IDENTITY_SQL)
            names = [column[0] for column in cursor.description]
            identities = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except duckdb.CatalogException as exc:
            first_line = str(exc).splitlines()[0]
            raise SnapshotError(
                f"warehouse {path} lacks the KPI models ({first_line}): run dbt build first"
            ) from None
    finally:
        con.close()
    if len(identities) != 1 or not identities[0]["source_id"]:
        raise SnapshotError(
            f"warehouse {path} cannot identify its data (baseline.baseline_dataset_identity "
            "has no source id: no CRM users?)"
        )
    return rows, windows, as_of_row[0] if as_of_row else None, identities[0]


def check_windows_complete(windows: list[dict[str, Any]], as_of: dt.date) -> None:
    """Refuse a snapshot whose baseline windows are not all complete as of the date."""
    for window in windows:
        end = window["baseline_end_month"]
        if end is None:
            continue
        if month_end(end) >= as_of or not window["is_baseline_complete"]:
            raise SnapshotError(
                f"baseline window of {window['scope_code']} ({window['baseline_start_month']}"
                f" .. {end}) is not complete as of {as_of.isoformat()}"
            )


def render_csv(rows: list[tuple]) -> bytes:
    """Render the baseline rows as CSV bytes (header, LF line ends, fixed float format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([format_value(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def raw_fingerprint(extract_dir: Path | None) -> dict[str, Any]:
    """SHA-256 over the raw extract files the warehouse was built from."""
    if extract_dir is not None:
        root = extract_dir.resolve()
        files = sorted(p for p in root.rglob("*") if p.is_file())
        kind = "extract_dir"
    else:
        root = PROJECT_DIR / "seeds"
        files = sorted(
            p for system in (*RAW_SYSTEMS, "reference") for p in (root / system).glob("*.csv")
        )
        kind = "seeds"
    if not files:
        raise SnapshotError(f"no raw extract files found under {root}")
    per_file = {p.relative_to(root).as_posix(): sha256_file(p) for p in files}
    combined = sha256_bytes(
        "\n".join(f"{name} {digest}" for name, digest in sorted(per_file.items())).encode()
    )
    shown = (
        root.relative_to(PROJECT_DIR).as_posix() if root.is_relative_to(PROJECT_DIR) else str(root)
    )
    return {"kind": kind, "root": shown, "sha256": combined, "files": per_file}


def git_commit() -> str | None:
    """HEAD commit of the project, None outside git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(PROJECT_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return result.stdout.strip() or None


def dbt_vars() -> dict[str, Any]:
    """Return the window vars of dbt_project.yml (the values the windows model used)."""
    try:
        project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    except (OSError, yaml.YAMLError):
        return {}
    variables = project.get("vars", {}) or {}
    return {name: variables.get(name) for name in WINDOW_VARS}


def jsonable(value: object) -> object:
    """Dates as ISO strings for the manifest."""
    return value.isoformat() if isinstance(value, dt.date) else value


def build_manifest(
    label: str,
    as_of: dt.date,
    data_as_of: dt.date | None,
    rows: list[tuple],
    windows: list[dict[str, Any]],
    csv_bytes: bytes,
    extract_dir: Path | None,
    force_history: list[dict[str, Any]],
    identity: dict[str, Any],
) -> dict[str, Any]:
    """Build the manifest describing one baseline (render_manifest adds its checksum)."""
    grain_index = COLUMNS.index("grain")
    comparison_index = COLUMNS.index("is_comparison_window")
    row_counts: dict[str, int] = {}
    for row in rows:
        key = "comparison" if row[comparison_index] else row[grain_index]
        row_counts[key] = row_counts.get(key, 0) + 1
    manifest: dict[str, Any] = {
        "manifest_format": MANIFEST_FORMAT,
        "label": label,
        "taken_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "as_of": as_of.isoformat(),
        "data_as_of_date": jsonable(data_as_of),
        # what the build compares with baseline.baseline_dataset_identity
        "dataset_identity": {
            "region_codes": identity["region_codes"],
            "rollout_plan": identity["rollout_plan"],
            "source_id": identity["source_id"],
            "source_id_method": "sha256 of user_id@created_at of the "
            f"{identity['source_id_user_count']} earliest-created CRM users",
        },
        "rollout_plan": {
            w["region_code"]: jsonable(w["go_live_date"])
            for w in windows
            if w["grain"] == "region" and w["go_live_date"] is not None
        },
        "windows": [{key: jsonable(value) for key, value in w.items()} for w in windows],
        "dbt_vars": dbt_vars(),
        "row_counts": dict(sorted(row_counts.items())),
        "rows": len(rows),
        "data_file": DATA_FILE,
        "data_sha256": sha256_bytes(csv_bytes),
        "source_fingerprint": raw_fingerprint(extract_dir),
        "git_commit": git_commit(),
        "force_history": force_history,
    }
    return manifest


def load_manifest(label_dir: Path) -> dict[str, Any]:
    """Read a label's manifest (VerificationError when missing or not JSON)."""
    path = label_dir / MANIFEST_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VerificationError(f"{path}: missing (every baseline needs its manifest)") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise VerificationError(f"{path}: unreadable manifest ({exc})") from None


def write_atomically(label_dir: Path, files: dict[str, bytes]) -> None:
    """Replace label_dir by a directory holding files; on any failure keep the old one."""
    base_dir = label_dir.parent
    base_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{label_dir.name}.tmp-", dir=base_dir))
    previous: Path | None = None
    try:
        for name, content in files.items():
            with (staging / name).open("wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        if label_dir.exists():
            previous = base_dir / f".{label_dir.name}.old-{staging.name.rsplit('-', 1)[-1]}"
            label_dir.rename(previous)
        try:
            staging.rename(label_dir)
        except OSError:
            if previous is not None:
                previous.rename(label_dir)
                previous = None
            raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SnapshotError(f"could not write baseline {label_dir}: {exc}") from None
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def take_snapshot(args: argparse.Namespace) -> int:
    """Freeze the baseline windows of the warehouse under args.label."""
    label = check_label(args.label or env_default("CRM_KPI_BASELINE_LABEL", "ist"))
    as_of = parse_as_of(args.as_of)
    if args.force and not (args.reason and args.reason.strip()):
        raise SnapshotError('--force needs --reason "why the baseline is replaced"')
    label_dir = args.baseline_dir / label
    force_history: list[dict[str, Any]] = []
    if label_dir.exists():
        if not args.force:
            raise SnapshotError(
                f"baseline {label!r} already exists in {args.baseline_dir}: it is immutable "
                '(use --force --reason "..." to replace it)'
            )
        manifest_path = label_dir / MANIFEST_FILE
        previous: dict[str, Any] = {}
        if manifest_path.is_file():
            try:
                previous = json.loads(manifest_path.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                previous = {}
        force_history = list(previous.get("force_history", []))
        force_history.append(
            {
                "forced_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                "reason": args.reason.strip(),
                "previous_manifest_sha256": sha256_file(manifest_path)
                if manifest_path.is_file()
                else None,
                "previous_taken_at": previous.get("taken_at"),
                "previous_data_sha256": previous.get("data_sha256"),
            }
        )
    warehouse = args.warehouse or default_warehouse()
    rows, windows, data_as_of, identity = read_warehouse(warehouse)
    if not rows:
        raise SnapshotError(f"no KPI facts in the baseline windows of {warehouse}")
    check_windows_complete(windows, as_of)
    csv_bytes = render_csv(rows)
    manifest = build_manifest(
        label,
        as_of,
        data_as_of,
        rows,
        windows,
        csv_bytes,
        args.extract_dir,
        force_history,
        identity,
    )
    manifest_bytes = render_manifest(manifest)
    write_atomically(label_dir, {DATA_FILE: csv_bytes, MANIFEST_FILE: manifest_bytes})
    LOG.info("baseline %r written to %s: %d rows", label, label_dir, len(rows))
    return 0


def labels_in(baseline_dir: Path, label: str | None) -> list[Path]:
    """Label folders to verify or list (one label, or every folder with a manifest)."""
    if label is not None:
        label_dir = baseline_dir / check_label(label)
        if not label_dir.is_dir():
            raise SnapshotError(f"baseline {label!r} not found in {baseline_dir}")
        return [label_dir]
    if not baseline_dir.is_dir():
        return []
    return sorted(p for p in baseline_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


def verify(args: argparse.Namespace) -> int:
    """Recompute the checksums of the baseline(s); exit 1 naming the edited file."""
    label_dirs = labels_in(args.baseline_dir, args.label)
    if not label_dirs:
        raise SnapshotError(f"no baselines in {args.baseline_dir}")
    for label_dir in label_dirs:
        manifest = load_manifest(label_dir)
        manifest_path = label_dir / MANIFEST_FILE
        stated = manifest.get("manifest_sha256")
        actual = manifest_checksum(manifest_path.read_text(encoding="utf-8"))
        if stated != actual:
            raise VerificationError(
                f"{manifest_path}: edited (manifest_sha256 {stated} in the file, {actual} "
                "computed from its content)"
            )
        data_path = label_dir / manifest.get("data_file", DATA_FILE)
        if not data_path.is_file():
            raise VerificationError(f"{data_path}: missing")
        actual = sha256_file(data_path)
        if actual != manifest.get("data_sha256"):
            with data_path.open("rb") as handle:
                data_rows = sum(1 for _ in handle) - 1
            raise VerificationError(
                f"{data_path}: edited (SHA-256 {actual}, manifest says "
                f"{manifest.get('data_sha256')}; {data_rows} rows, manifest says "
                f"{manifest.get('rows')}; git diff {data_path} shows the edit)"
            )
        LOG.info("baseline %r verified", label_dir.name)
    return 0


def list_baselines(args: argparse.Namespace) -> int:
    """Print one line per stored baseline: label, taken_at, rows, company window."""
    out = sys.stdout
    out.write("label\ttaken_at\tas_of\trows\twindows\n")
    for label_dir in labels_in(args.baseline_dir, args.label):
        try:
            manifest = load_manifest(label_dir)
        except (SnapshotError, VerificationError) as exc:
            out.write(f"{label_dir.name}\t?\t?\t?\t{exc}\n")
            continue
        windows = ", ".join(
            f"{w['scope_code']} {w['baseline_start_month']}..{w['baseline_end_month']}"
            for w in manifest.get("windows", [])
            if not w.get("is_control")
        )
        out.write(
            f"{manifest.get('label')}\t{manifest.get('taken_at')}\t{manifest.get('as_of')}"
            f"\t{manifest.get('rows')}\t{windows}\n"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: returns the process exit code."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(message)s",
        stream=sys.stderr,
    )
    try:
        if args.verify:
            return verify(args)
        if args.list:
            return list_baselines(args)
        return take_snapshot(args)
    except VerificationError as exc:
        sys.stderr.write(f"verification failed: {exc}\n")
        return 1
    except SnapshotError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
