"""Build folders: one per build, ``<builds_dir>/<build_id>/``, never reused.

A folder holds everything one build made: ``build.duckdb`` (the full dbt warehouse with raw,
staging, intermediate, quarantine and marts), ``landing/`` (validated Parquet of an
EXTRACT_DIR build, read only by this build), dbt's ``target/`` and ``logs/``, the gate report,
``build.log`` (all output) and ``status.json``. ``<builds_dir>/latest`` is a symlink to the
folder of the latest published build, replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

LATEST = "latest"
STATUS_FILE = "status.json"


def new_build_id(now: dt.datetime | None = None) -> str:
    """Return a sortable, unique build id: UTC time to the microsecond plus the process id."""
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%S.%fZ}-{os.getpid()}"


@dataclass(frozen=True)
class BuildFolder:
    """The folder of one build and the paths inside it."""

    root: Path

    @property
    def build_id(self) -> str:
        """The build id (the folder name)."""
        return self.root.name

    @property
    def database(self) -> Path:
        """The full dbt warehouse of this build."""
        return self.root / "build.duckdb"

    @property
    def landing(self) -> Path:
        """Validated Parquet extracts of an EXTRACT_DIR build."""
        return self.root / "landing"

    @property
    def target(self) -> Path:
        """Folder of dbt's target (manifest, run results) of this build."""
        return self.root / "target"

    @property
    def logs(self) -> Path:
        """Folder of dbt's logs of this build."""
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        """Everything the build printed."""
        return self.root / "build.log"

    @property
    def gate_report(self) -> Path:
        """The extract gate's JSON report."""
        return self.root / "extract_validation.json"

    def read_status(self) -> dict[str, str]:
        """Read the recorded status ({} when none was written)."""
        try:
            return json.loads((self.root / STATUS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def write_status(self, state: str, **details: object) -> None:
        """Record the build's state (running, failed, published, interrupted), atomically."""
        record = {"build_id": self.build_id, "state": state, **details}
        record["updated_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        temp = self.root / f".{STATUS_FILE}.tmp"
        temp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        temp.replace(self.root / STATUS_FILE)


def create_build_folder(builds_dir: Path, build_id: str) -> BuildFolder:
    """Create the (new, empty) folder of a build."""
    builds_dir.mkdir(parents=True, exist_ok=True)
    root = builds_dir / build_id
    root.mkdir()
    return BuildFolder(root)


def build_folders(builds_dir: Path) -> list[BuildFolder]:
    """Every build folder, oldest first (build ids sort by time)."""
    if not builds_dir.is_dir():
        return []
    return sorted(
        (
            BuildFolder(path)
            for path in builds_dir.iterdir()
            if path.is_dir() and not path.is_symlink() and not path.name.startswith(".")
        ),
        key=lambda folder: folder.build_id,
    )


def latest_published(builds_dir: Path) -> BuildFolder | None:
    """Return the folder ``latest`` points to, if any."""
    link = builds_dir / LATEST
    if not link.is_symlink():
        return None
    target = builds_dir / link.readlink()
    return BuildFolder(target) if target.is_dir() else None


def point_latest_at(builds_dir: Path, folder: BuildFolder) -> None:
    """Point ``<builds_dir>/latest`` at folder, atomically (symlink beside it + rename)."""
    temp = builds_dir / f".{LATEST}.tmp-{os.getpid()}"
    temp.unlink(missing_ok=True)
    temp.symlink_to(folder.root.name, target_is_directory=True)
    temp.replace(builds_dir / LATEST)


def mark_interrupted(builds_dir: Path, current: str) -> list[str]:
    """Mark builds still marked running as interrupted (the caller holds the build lock)."""
    marked = []
    for folder in build_folders(builds_dir):
        if folder.build_id != current and folder.read_status().get("state") == "running":
            folder.write_status("interrupted", message="the build process died before it ended")
            marked.append(folder.build_id)
    return marked


def prune(builds_dir: Path, *, keep: int, current: str) -> list[str]:
    """Remove old build folders; keep the newest `keep`, the latest published and current."""
    folders = build_folders(builds_dir)
    latest = latest_published(builds_dir)
    protected = {current} | ({latest.build_id} if latest else set())
    protected |= {folder.build_id for folder in folders[-keep:]} if keep > 0 else set()
    removed = []
    for folder in folders:
        if folder.build_id not in protected:
            shutil.rmtree(folder.root, ignore_errors=True)
            removed.append(folder.build_id)
    for stray in builds_dir.glob(f".{LATEST}.tmp-*"):
        stray.unlink(missing_ok=True)
    return removed
