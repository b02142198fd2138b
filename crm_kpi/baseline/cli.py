"""Command line: ``python -m crm_kpi.baseline`` takes, ``--verify`` checks, ``--list`` lists.

Rows use the window of their scope: rep and region rows their region's window (a control
region the company's), company rows the company window. For the difference-in-differences
estimate every region's region-grain row is also frozen over every live region's window
(``is_comparison_window`` true). All of it is int_kpi_window_sums of the build read
(docs/before_after.md).

Exit codes: 0 ok, 1 verification failed, 2 a usage or environment error (one line on
stderr, the previous baseline untouched).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crm_kpi.baseline.errors import SnapshotError, VerificationError
from crm_kpi.baseline.files import (
    DATA_FILE,
    MANIFEST_FILE,
    build_manifest,
    load_manifest,
    manifest_checksum,
    render_csv,
    render_manifest,
    sha256_file,
    utc_now,
    write_baseline,
)
from crm_kpi.baseline.warehouse import LATEST_BUILD, SERVING_FILE, default_warehouse, read_build

LABEL_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
LOG = logging.getLogger("crm_kpi.baseline")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m crm_kpi.baseline",
        description="Freeze the KPI baseline (IST) of the roll-out's baseline windows.",
    )
    parser.add_argument(
        "--label",
        default=None,
        help="baseline label = folder name (default: the build's int_build_metadata."
        "snapshot_label = var baseline_label, else var default_baseline_label; with "
        "--verify / --list: all labels when omitted)",
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
        default=Path(os.environ.get("CRM_KPI_BASELINE_DIR") or "baselines"),
        help="where baselines live (default: env CRM_KPI_BASELINE_DIR or baselines)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return parser.parse_args(argv)


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


def month_end(month: dt.date) -> dt.date:
    """Last day of the month of a date."""
    next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month - dt.timedelta(days=1)


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


def force_history_for(label: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Refuse an existing label without --force; with it, extend the label's force history."""
    label_dir = args.baseline_dir / label
    if not label_dir.exists():
        return []
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
    return [
        *previous.get("force_history", []),
        {
            "forced_at": utc_now(),
            "reason": args.reason.strip(),
            "previous_manifest_sha256": sha256_file(manifest_path)
            if manifest_path.is_file()
            else None,
            "previous_taken_at": previous.get("taken_at"),
            "previous_data_sha256": previous.get("data_sha256"),
        },
    ]


def take_snapshot(args: argparse.Namespace) -> int:
    """Freeze the baseline windows of the warehouse under the label."""
    as_of = parse_as_of(args.as_of)
    if args.force and not (args.reason and args.reason.strip()):
        raise SnapshotError('--force needs --reason "why the baseline is replaced"')
    # a label given on the command line is checked before the warehouse is opened
    label = check_label(args.label) if args.label else None
    force_history = force_history_for(label, args) if label else []
    warehouse = args.warehouse or default_warehouse()
    build = read_build(warehouse)
    if label is None:
        label = check_label(build.metadata["snapshot_label"])
        force_history = force_history_for(label, args)
    if not build.rows:
        raise SnapshotError(f"no KPI facts in the baseline windows of {warehouse}")
    check_windows_complete(build.windows, as_of)
    csv_bytes = render_csv(build.rows)
    manifest = build_manifest(label, as_of, build, csv_bytes, force_history)
    label_dir = args.baseline_dir / label
    write_baseline(label_dir, {DATA_FILE: csv_bytes, MANIFEST_FILE: render_manifest(manifest)})
    LOG.info("baseline %r written to %s: %d rows", label, label_dir, len(build.rows))
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
