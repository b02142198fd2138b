"""Write validated extracts as typed Parquet with DuckDB, atomically (temp dir + rename).

Each table is written by ``COPY (select <typed, renamed contract columns>) TO ...
(FORMAT parquet, COMPRESSION zstd)`` into a staging folder beside the landing, streaming
from the extract file. The landing directory is replaced as a whole only after every
table passed, so a failed or interrupted run never leaves a half-written landing and
never damages the landing of an earlier good run.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import duckdb

from crm_kpi import sql
from crm_kpi.contract import TableContract
from crm_kpi.gate.engine import literal
from crm_kpi.io import replace_directory

LOG = logging.getLogger(__name__)

#: DuckDB type of each cast family in the landing.
SQL_TYPES: dict[str, str] = {
    "string": "varchar",
    "boolean": "boolean",
    "number": "double",
    "integer": "bigint",
    "date": "date",
    "timestamp": "timestamp",
}


class Landing:
    """A staging folder beside the landing that becomes the landing when the run passes."""

    def __init__(self, landing_dir: Path, *, partial: bool) -> None:
        """Create the staging folder; with partial, start from a copy of the landing."""
        self.landing_dir = landing_dir.resolve()
        self.landing_dir.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(
            tempfile.mkdtemp(prefix=f".{self.landing_dir.name}.tmp-", dir=self.landing_dir.parent)
        )
        if partial and self.landing_dir.is_dir():
            shutil.copytree(self.landing_dir, self.staging, dirs_exist_ok=True)

    def path(self, table: TableContract) -> Path:
        """Where a table's file goes in the staging folder."""
        return self.staging / table.system / f"{table.name}.parquet"

    def write(self, con: duckdb.DuckDBPyConnection, table: TableContract, select: str) -> Path:
        """COPY a typed select (exactly the contract's columns) to the table's file."""
        target = self.path(table)
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(sql.render(__package__, "land", select=select, target=literal(str(target))))
        return target

    def commit(self) -> None:
        """Swap the staging folder in as the landing (rename; the old one is removed)."""
        replace_directory(self.staging, self.landing_dir)
        LOG.info("landed in %s", self.landing_dir)

    def discard(self) -> None:
        """Remove the staging folder (a failed run, or a run that only validates)."""
        shutil.rmtree(self.staging, ignore_errors=True)
