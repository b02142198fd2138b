"""The gate's DuckDB connection: bounded memory, spilling to a temporary folder.

Every check runs as a DuckDB query streaming over the extract files, so the gate's memory
does not grow with the volume. ``CRM_KPI_GATE_MEMORY_LIMIT`` (default ``1GB``) caps
DuckDB's memory, ``CRM_KPI_THREADS`` (default 2) its threads; what does not fit spills to
a temporary folder that is removed after the run.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

DEFAULT_MEMORY_LIMIT = "1GB"


def connect(temp_dir: Path) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB with the gate's memory limit, threads and spill folder."""
    con = duckdb.connect(":memory:")
    limit = os.environ.get("CRM_KPI_GATE_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)
    threads = int(os.environ.get("CRM_KPI_THREADS", "2"))
    con.execute(f"set memory_limit = {literal(limit)}")
    con.execute(f"set temp_directory = {literal(str(temp_dir))}")
    con.execute(f"set threads = {threads}")
    con.execute("set TimeZone = 'UTC'")
    return con


def ident(name: str) -> str:
    """Quote an identifier for DuckDB SQL."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """Quote a string literal for DuckDB SQL."""
    return "'" + text.replace("'", "''") + "'"
