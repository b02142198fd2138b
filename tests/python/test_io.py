"""crm_kpi.io.replace_directory: readers see the old or the new directory, never a mix."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_kpi import io


def _dir(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    for name, text in files.items():
        (path / name).write_text(text)
    return path


def test_replace_directory_swaps_in_new_content_and_removes_old(tmp_path: Path) -> None:
    target = _dir(tmp_path / "landing", {"a.txt": "old", "gone.txt": "old"})
    staged = _dir(tmp_path / ".landing.tmp", {"a.txt": "new"})
    io.replace_directory(staged, target)
    assert sorted(p.name for p in target.iterdir()) == ["a.txt"]
    assert (target / "a.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["landing"]


def test_replace_directory_creates_missing_target(tmp_path: Path) -> None:
    staged = _dir(tmp_path / ".new.tmp", {"x.txt": "1"})
    io.replace_directory(staged, tmp_path / "new")
    assert (tmp_path / "new" / "x.txt").read_text() == "1"


def test_replace_directory_restores_old_when_swap_fails(tmp_path: Path) -> None:
    target = _dir(tmp_path / "landing", {"a.txt": "old"})
    with pytest.raises(OSError):
        io.replace_directory(tmp_path / "does-not-exist", target)
    assert (target / "a.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["landing"]


def test_write_file_synced_writes_bytes(tmp_path: Path) -> None:
    io.write_file_synced(tmp_path / "f.bin", b"\x00\x01")
    assert (tmp_path / "f.bin").read_bytes() == b"\x00\x01"
