"""The two ways a baseline command fails (exit codes 2 and 1)."""


class SnapshotError(Exception):
    """An error the user can cause and fix: reported as one line, exit code 2."""


class VerificationError(Exception):
    """A baseline that no longer matches its manifest: exit code 1."""
