"""File-system helpers shared by the gate's landing, the baseline snapshot and the build.

One idea lives here: replace a whole directory so that readers see either the old or the
new content, never a mix (rename the old one aside, rename the new one in, then delete the
old one; on failure the old one is put back).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def replace_directory(staged: Path, target: Path) -> None:
    """Put the finished directory ``staged`` in place of ``target`` (atomic renames).

    ``staged`` must be on the same file system as ``target`` (create it next to ``target``).
    If ``target`` exists it is renamed aside first and removed only after ``staged`` took
    its place; if that rename fails, ``target`` is restored and the error is raised.
    """
    previous: Path | None = None
    if target.exists():
        previous = target.parent / f".{target.name}.old-{os.getpid()}"
        if previous.exists():
            shutil.rmtree(previous)
        target.rename(previous)
    try:
        staged.rename(target)
    except OSError:
        if previous is not None:
            previous.rename(target)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def write_file_synced(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` and fsync it (for files inside a staged directory)."""
    with path.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
