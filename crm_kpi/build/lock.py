"""One build at a time: an exclusive ``fcntl.flock`` on a lock file next to the warehouse.

The kernel releases the lock when the holding process exits, however it exits (kill -9
included), so a crashed build never leaves a stale lock behind. The holder writes who it is
into the file (pid, build id, start time) so that a second build can say who it waits for.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO


class BuildLockBusyError(Exception):
    """Another process holds the build lock; the message names the holder."""


@dataclass
class BuildLock:
    """Exclusive build lock on ``path``; use as a context manager after ``acquire``."""

    path: Path
    _stream: IO[str] | None = None

    def holder(self) -> str:
        """Who holds (or last held) the lock, as written by the holder; '' when unknown."""
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def acquire(self, *, wait: bool, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock; without wait raise BuildLockBusyError when it is held.

        on_wait, if given, is called once with the holder's description before blocking.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # append mode: opening must not truncate the holder's description before we own it
        stream = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                stream.close()
                raise BuildLockBusyError(self.holder() or "unknown holder") from None
            if on_wait is not None:
                on_wait(self.holder() or "unknown holder")
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
        self._stream = stream

    def describe(self, text: str) -> None:
        """Record who holds the lock (replaces the previous holder's description)."""
        if self._stream is None:
            raise RuntimeError("describe() before acquire()")
        self._stream.seek(0)
        self._stream.truncate()
        self._stream.write(text + "\n")
        self._stream.flush()
        os.fsync(self._stream.fileno())

    def release(self) -> None:
        """Release the lock (closing the file releases the flock)."""
        if self._stream is not None:
            fcntl.flock(self._stream.fileno(), fcntl.LOCK_UN)
            self._stream.close()
            self._stream = None

    def __enter__(self) -> BuildLock:
        """Context manager entry: the lock must already be acquired."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Release on leaving the block."""
        self.release()
