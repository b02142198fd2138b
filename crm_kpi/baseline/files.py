"""The files of a frozen baseline: the CSV, the manifest and its checksums, the atomic write.

The manifest's own checksum ``manifest_sha256`` (its last key) is the SHA-256 of the
manifest text before the ``"manifest_sha256"`` key, so that the build can recompute it in
DuckDB (macro verify_baseline_files).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from crm_kpi.baseline.errors import SnapshotError, VerificationError
from crm_kpi.baseline.warehouse import COLUMNS, PROJECT_DIR, Build
from crm_kpi.contract import systems
from crm_kpi.io import replace_directory, write_file_synced

DATA_FILE = "kpi_baseline.csv"
MANIFEST_FILE = "manifest.json"
MANIFEST_FORMAT = 2
CHECKSUM_KEY = '"manifest_sha256"'
# the demo seeds of the raw systems and the reference data (dbt seed-paths)
SEED_DIR = PROJECT_DIR / "seeds"
SEED_FOLDERS = (*systems(), "reference")
WINDOW_VARS = ("baseline_months", "stabilization_months", "evaluation_months")


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


def render_csv(rows: list[tuple]) -> bytes:
    """Render the baseline rows as CSV bytes (header, LF line ends, fixed float format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([format_value(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def raw_fingerprint(extract_dir: str | None) -> dict[str, Any]:
    """SHA-256 over the raw extract files the build read (int_build_metadata.extract_dir).

    None: the demo seeds. A relative extract dir is relative to the project, where dbt ran.
    """
    if extract_dir is not None:
        root = (PROJECT_DIR / extract_dir).resolve()
        files = sorted(p for p in root.rglob("*") if p.is_file())
        kind = "extract_dir"
    else:
        root = SEED_DIR
        files = sorted(p for folder in SEED_FOLDERS for p in (root / folder).glob("*.csv"))
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


def jsonable(value: object) -> object:
    """Dates as ISO strings for the manifest."""
    return value.isoformat() if isinstance(value, dt.date) else value


def utc_now() -> str:
    """Return the current UTC time to the second, ISO 8601 (taken_at, forced_at)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def build_manifest(
    label: str,
    as_of: dt.date,
    build: Build,
    csv_bytes: bytes,
    force_history: list[dict[str, Any]],
) -> dict[str, Any]:
    """Build the manifest describing one baseline (render_manifest adds its checksum)."""
    grain_index = COLUMNS.index("grain")
    comparison_index = COLUMNS.index("is_comparison_window")
    row_counts: dict[str, int] = {}
    for row in build.rows:
        key = "comparison" if row[comparison_index] else row[grain_index]
        row_counts[key] = row_counts.get(key, 0) + 1
    meta = build.metadata
    return {
        "manifest_format": MANIFEST_FORMAT,
        "label": label,
        "taken_at": utc_now(),
        "as_of": as_of.isoformat(),
        "data_as_of_date": jsonable(build.data_as_of),
        # what the build compares with baseline.baseline_dataset_identity
        "dataset_identity": {
            "region_codes": meta["region_codes"],
            "rollout_plan": meta["rollout_plan"],
            "source_id": meta["source_id"],
            "source_id_method": "sha256 of user_id@created_at of the "
            f"{meta['source_id_user_count']} earliest-created CRM users",
        },
        "rollout_plan": {
            w["region_code"]: jsonable(w["go_live_date"])
            for w in build.windows
            if w["grain"] == "region" and w["go_live_date"] is not None
        },
        "windows": [{key: jsonable(value) for key, value in w.items()} for w in build.windows],
        "dbt_vars": {name: meta[name] for name in WINDOW_VARS},
        "row_counts": dict(sorted(row_counts.items())),
        "rows": len(build.rows),
        "data_file": DATA_FILE,
        "data_sha256": sha256_bytes(csv_bytes),
        "source_fingerprint": raw_fingerprint(meta["extract_dir"]),
        "git_commit": git_commit(),
        "force_history": force_history,
    }


def load_manifest(label_dir: Path) -> dict[str, Any]:
    """Read a label's manifest (VerificationError when missing or not JSON)."""
    path = label_dir / MANIFEST_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VerificationError(f"{path}: missing (every baseline needs its manifest)") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise VerificationError(f"{path}: unreadable manifest ({exc})") from None


def write_baseline(label_dir: Path, files: dict[str, bytes]) -> None:
    """Replace label_dir by a directory holding files; on any failure keep the old one.

    The files are written and fsynced into a hidden folder next to it (skipped by the
    build), which then takes label_dir's place (crm_kpi.io.replace_directory).
    """
    label_dir.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{label_dir.name}.tmp-", dir=label_dir.parent))
    try:
        for name, content in files.items():
            write_file_synced(staged / name, content)
        replace_directory(staged, label_dir)
    except OSError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        raise SnapshotError(f"could not write baseline {label_dir}: {exc}") from None
