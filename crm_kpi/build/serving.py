"""The serving file: what BI tools see, written from a finished build, published atomically.

It holds tables only (no views, no reference to another catalogue or to files), so it works
wherever it is copied or mounted:

* every relation of the schemas ``marts`` and ``baseline`` of the build (the row audit
  ``marts.fct_extract_row_audit`` included), copied as tables with their column types;
* ``data_quality.quarantine_summary``: rows quarantined per source table and rule (counts only,
  never the rows: quarantined rows can carry personal data);
* ``main.meta``: one row describing the build;
* dbt's descriptions (``target/manifest.json``) as ``COMMENT ON TABLE / COLUMN``.

Nothing of raw, staging, intermediate or quarantine is copied, so no personal data reaches BI.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from crm_kpi import sql

SERVED_SCHEMAS = ("marts", "baseline")
QUARANTINE_SUMMARY = ("data_quality", "quarantine_summary")
META = ("main", "meta")


OWN_DESCRIPTIONS: dict[tuple[str, str], tuple[str, dict[str, str]]] = {
    QUARANTINE_SUMMARY: (
        "Rows quarantined by staging, counted per raw source table and rule (counts only; the "
        "rows themselves stay in the build's quarantine schema). One row per source table and "
        "rule with at least one quarantined row; tables without quarantined rows have no row. "
        "The totals per table equal quarantined_row_count of marts.fct_extract_row_audit.",
        {
            "source_system": "Source system (crm, erp, survey, hr, finance).",
            "source_table": "Raw source table, <system>.<table>.",
            "quarantine_rule": "The row-level rule the rows broke (see docs/quality_gates.md).",
            "quarantined_row_count": "Number of raw rows quarantined under this rule.",
        },
    ),
    META: (
        "The build this file was published from (one row).",
        {
            "build_id": "Build id: UTC start time and process id; its folder is "
            "warehouse/builds/<build_id>/ while it is kept.",
            "built_at": "When the build was published (UTC).",
            "dbt_invocation_id": "dbt's invocation id of the `dbt build` run (run_results.json).",
            "dbt_version": "dbt-core version that built the warehouse.",
            "extract_source": "Where the raw data came from: 'demo seeds' or the extract folder.",
            "extract_format": "Format of the extract files (csv, parquet, auto) or 'seeds'.",
            "as_of_date": "Cut-off given with AS_OF (CRM_KPI_AS_OF); null when derived from data.",
            "published_relations": "Number of relations in this file (meta included).",
        },
    ),
}


class ServingError(Exception):
    """The serving file could not be written; the published file was not touched."""


@dataclass(frozen=True)
class BuildMeta:
    """What ``main.meta`` records about a build."""

    build_id: str
    built_at: str
    dbt_invocation_id: str
    dbt_version: str
    extract_source: str
    extract_format: str
    as_of_date: str | None


def sql_string(text: str) -> str:
    """Quote text as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def quoted(*parts: str) -> str:
    """Quote parts as a dotted SQL identifier."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


def load_descriptions(manifest_path: Path) -> dict[tuple[str, str], tuple[str, dict[str, str]]]:
    """Map (schema, relation) to (description, {column: description}) from dbt's manifest."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    descriptions: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") not in ("model", "seed", "snapshot"):
            continue
        key = (node["schema"], node.get("alias") or node["name"])
        columns = {
            name: column.get("description", "") for name, column in node.get("columns", {}).items()
        }
        descriptions[key] = (node.get("description", ""), columns)
    return descriptions


def served_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """List (schema, name) of every table and view of the served schemas of the build."""
    rows = con.execute(
        sql.load(__package__, "served_relations"), [list(SERVED_SCHEMAS), list(SERVED_SCHEMAS)]
    ).fetchall()
    return [(schema, name) for schema, name in rows]


def comment(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    name: str,
    description: str,
    columns: dict[str, str],
) -> None:
    """Write a relation's description and its columns' descriptions as DuckDB comments."""
    if description.strip():
        con.execute(f"comment on table {quoted(schema, name)} is {sql_string(description)}")
    existing = {
        row[0]
        for row in con.execute(sql.load(__package__, "existing_columns"), [schema, name]).fetchall()
    }
    for column, text in columns.items():
        if column in existing and text.strip():
            con.execute(f"comment on column {quoted(schema, name, column)} is {sql_string(text)}")


def copy_relations(
    con: duckdb.DuckDBPyConnection, relations: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Copy each relation of the attached build as a table; check the row counts match."""
    copied = []
    for schema, name in relations:
        con.execute(f"create schema if not exists {quoted(schema)}")
        con.execute(
            sql.render(
                __package__,
                "copy_relation",
                target=quoted(schema, name),
                source=quoted("build", schema, name),
            )
        )
        (source_rows,) = con.execute(
            f"select count(*) from {quoted('build', schema, name)}"
        ).fetchone()
        (copied_rows,) = con.execute(f"select count(*) from {quoted(schema, name)}").fetchone()
        if source_rows != copied_rows:
            raise ServingError(f"{schema}.{name}: copied {copied_rows} of {source_rows} rows")
        copied.append((schema, name))
    return copied


def write_serving_file(
    build_database: Path, manifest_path: Path, destination: Path, meta: BuildMeta
) -> int:
    """Write the serving file for a finished build to destination; return its relation count.

    destination must not exist. The file is checkpointed, closed and fsynced before return.
    """
    descriptions = {**load_descriptions(manifest_path), **OWN_DESCRIPTIONS}
    con = duckdb.connect(str(destination), config={"threads": 2})
    try:
        con.execute(f"attach {sql_string(str(build_database))} as build (read_only)")
        copied = copy_relations(con, served_relations(con))
        schema, name = QUARANTINE_SUMMARY
        con.execute(f"create schema if not exists {quoted(schema)}")
        con.execute(sql.render(__package__, "quarantine_summary", target=quoted(schema, name)))
        copied.append(QUARANTINE_SUMMARY)
        count = len(copied) + 1
        con.execute(
            sql.load(__package__, "meta"),
            [
                meta.build_id,
                meta.built_at,
                meta.dbt_invocation_id,
                meta.dbt_version,
                meta.extract_source,
                meta.extract_format,
                meta.as_of_date,
                count,
            ],
        )
        copied.append(META)
        con.execute("detach build")
        for schema, name in copied:
            description, columns = descriptions.get((schema, name), ("", {}))
            comment(con, schema, name, description, columns)
        con.execute("checkpoint")
    finally:
        con.close()
    wal = destination.with_name(destination.name + ".wal")
    if wal.exists():
        raise ServingError(f"{wal} left behind after checkpoint and close")
    fsync(destination)
    return count


def fsync(path: Path) -> None:
    """Flush a file's (or a directory's) data to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish(serving_file: Path, published_path: Path) -> bool:
    """Swap the serving file onto the published path in one rename, then persist the rename.

    Readers holding the old file keep reading it (its inode lives on until they close);
    every connection opened afterwards sees the new file. Returns False when the rename
    happened but the folder could not be fsynced (the new file is published all the same).
    """
    serving_file.replace(published_path)
    try:
        fsync(published_path.parent)
    except OSError:
        return False
    return True
