"""Orchestration: validate every raw table with DuckDB, report, and land the good ones.

Per table: open the file as a relation of text columns (``reader``), check the structure
suite and the casts in one streaming query each, land the typed columns with DuckDB
``COPY`` into the staging folder (``landing``), then run the rules suite over the typed
relation (``suites``). Only the few rows a message quotes are fetched into Python.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from crm_kpi.contract import ContractError, TableContract, load_contract
from crm_kpi.gate.casting import (
    CAST_RULES,
    cast_hint,
    cast_sql,
    clean_sql,
    decimal_comma_sql,
)
from crm_kpi.gate.engine import connect, ident
from crm_kpi.gate.kpis import kpi_availability
from crm_kpi.gate.landing import SQL_TYPES, Landing
from crm_kpi.gate.reader import ROW, ExtractError, LoadedExtract, read_extract
from crm_kpi.gate.report import (
    ABSENT,
    BLOCKING,
    EMPTY,
    MAX_EXAMPLES,
    WARNING,
    Finding,
    Report,
    TableReport,
)
from crm_kpi.gate.suites import (
    GroupHit,
    evaluate,
    rules_relation,
    rules_suite,
    structure_suite,
)

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class GateConfig:
    """Where to read, how, and where to land."""

    project_dir: Path
    source_dir: Path
    mode: str = "demo"
    file_format: str = "csv"
    landing_dir: Path | None = None
    tables: tuple[str, ...] = ()
    display_base: Path = field(default_factory=Path.cwd)


@dataclass
class _Hit:
    """Failing rows of one rule, merged over the columns that share the rule."""

    rule: str
    severity: str
    kind: str
    columns: list[str]
    count: int = 0
    rows: list[int] = field(default_factory=list)
    first: tuple[int, object] | None = None
    params: dict = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)
    distinct_ids: int | None = None

    @classmethod
    def of(cls, group: GroupHit) -> _Hit:
        """Build a hit from a suite's group result."""
        return cls(
            group.rule,
            group.severity,
            group.kind,
            group.columns,
            count=group.count,
            rows=group.rows,
            params=group.params,
            distinct_ids=group.distinct_ids,
        )


def _display(path: Path, base: Path) -> str:
    """Path as shown in messages: relative to base when below it."""
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def _quote(value: object, limit: int = 40) -> str:
    """Quote a value for a one-line message."""
    text = str(value)
    return "'" + (text if len(text) <= limit else text[: limit - 3] + "...") + "'"


def _locate(cfg: GateConfig, table: TableContract) -> tuple[Path, str]:
    """File and format of a table's extract."""
    folder = cfg.source_dir / table.system
    if cfg.file_format != "auto":
        return folder / f"{table.name}.{cfg.file_format}", cfg.file_format
    for fmt in ("parquet", "csv"):
        if (folder / f"{table.name}.{fmt}").exists():
            return folder / f"{table.name}.{fmt}", fmt
    return folder / f"{table.name}.parquet", "parquet"


class _TableCheck:
    """Validation of one table: open, structure suite, casts, landing, rules suite."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        table: TableContract,
        path: Path,
        fmt: str,
        cfg: GateConfig,
    ):
        """Prepare the report of one table."""
        self.con = con
        self.table = table
        self.path = path
        self.file = _display(path, cfg.display_base)
        self.contract_file = f"models/staging/{table.system}/_{table.system}__sources.yml"
        self.report = TableReport(table=table.key, file=self.file, file_format=fmt)
        #: the landed file of this table in the landing's staging folder (None: not landed)
        self.landed: Path | None = None
        self._clean: str | None = None
        self._rows: dict[int, dict[str, Any]] = {}

    # -- findings --------------------------------------------------------------------
    def _value(self, row: int, column: str) -> object:
        """Text value of a column at a row (fetched by ``_fetch_rows``)."""
        return self._rows.get(row, {}).get(column)

    def _example(self, row: int) -> str:
        """Id of a row, or its row number when it has no id."""
        value = self._value(row, "id")
        if isinstance(value, str) and value.strip():
            return value.strip()
        return f"row {row}"

    def _examples(self, rows: Iterable[int]) -> list[str]:
        out: list[str] = []
        for row in sorted(rows):
            example = self._example(row)
            if example not in out:
                out.append(example)
            if len(out) == MAX_EXAMPLES:
                break
        return out

    def _fetch_rows(self, hits: Iterable[_Hit]) -> None:
        """Fetch the text of the rows the messages quote (a few per rule) in one query."""
        wanted = sorted({r for h in hits for r in h.rows} - set(self._rows))
        if not wanted or self._clean is None:
            return
        cursor = self.con.execute(
            f"select * from ({self._clean}) where {ROW} in ({', '.join(map(str, wanted))})"
        )
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            record = dict(zip(names, values, strict=True))
            self._rows[int(record[ROW])] = record

    def _add(self, hit: _Hit) -> None:
        if hit.rows and hit.first is None:
            row = hit.rows[0]
            column = hit.columns[0] if hit.columns else None
            hit.first = (row, self._value(row, column) if column else None)
        self.report.checks.append(
            Finding(
                rule=hit.rule,
                severity=hit.severity,
                columns=hit.columns,
                failing_rows=hit.count,
                examples=self._examples(hit.rows) if hit.rows else hit.extra[:MAX_EXAMPLES],
                message=self._message(hit),
            )
        )

    def _blocking(self, rule: str, text: str, columns: list[str] | None = None) -> None:
        self.report.checks.append(
            Finding(rule, BLOCKING, columns or [], 0, [], f"{self.file}: {text}")
        )

    def _warning(self, rule: str, text: str, columns: list[str] | None = None) -> None:
        self.report.checks.append(
            Finding(rule, WARNING, columns or [], 0, [], f"{self.file}: {text}")
        )

    def _land_empty(self, landing: Landing, status: str, text: str) -> None:
        """Record an absent or empty table: a warning, and a zero-row typed file."""
        self.report.status, self.report.rows = status, 0
        rule = "table_absent" if status == ABSENT else "table_empty"
        self._warning(
            rule,
            f"{text}; {self.table.key} is treated as {status}: landed with no rows, the KPIs "
            "that need it are not available",
        )
        columns = ", ".join(
            f"cast(null as {SQL_TYPES[c.family]}) as {ident(c.name)}" for c in self.table.columns
        )
        self.landed = landing.write(self.con, self.table, f"select {columns} where false")

    def _message(self, hit: _Hit) -> str:
        """One line: file, rule/column, row, what is wrong and what to change."""
        f, n, cols = self.file, hit.count, hit.columns
        more = f" ({n} rows affected)" if n > 1 else ""
        col = ", ".join(f"'{c}'" for c in cols)
        if hit.kind == "missing_column":
            noun = "column" if len(cols) == 1 else "columns"
            verb = "is" if len(cols) == 1 else "are"
            it = "it" if len(cols) == 1 else "them"
            return (
                f"{f}: required {noun} {col} {verb} missing; add {it} "
                "to the export (contract or Salesforce API name, any order; see "
                f"{self.contract_file})"
            )
        if hit.kind == "cast":
            row, value = hit.first or (0, "")
            hint = cast_hint(hit.params["family"], str(value), self.report.delimiter)
            return f"{f}: column {col} row {row}: {_quote(value)} {hint}{more}"
        if hit.kind == "gate_error":
            return f"{f}: check {hit.rule} could not run ({hit.extra[0]}); report this as a bug"
        first = ""
        if hit.first is not None:
            row, value = hit.first
            first = f", e.g. row {row} ({self._example(row)}): {_quote(value)}"
        examples = ", ".join(self._examples(hit.rows))
        if hit.kind == "missing_id":
            return (
                f"{f}: {n} rows without an id ({examples}); staging quarantines them (missing_id)"
            )
        if hit.kind == "duplicate_id":
            ids = hit.distinct_ids if hit.distinct_ids is not None else n
            return (
                f"{f}: {ids} ids occur more than once ({n} rows, e.g. {examples}); repeated "
                "extraction, staging keeps the latest version (duplicate_version)"
            )
        if hit.kind == "implausible":
            what = (
                "a number that is not finite or beyond +-1e12"
                if hit.rule == "implausible_number"
                else "a date outside 1900-01-01..2099-12-31"
            )
            return (
                f"{f}: column {col}: {n} rows with {what}{first}; staging quarantines them "
                f"({hit.rule})"
            )
        if hit.kind == "conflicting_versions":
            ids = hit.distinct_ids if hit.distinct_ids is not None else n
            return (
                f"{f}: {ids} ids have versions with the same system_modstamp but different "
                f"values ({n} rows, e.g. {examples}); staging keeps the version whose row has the "
                "smallest md5 (conflicting_versions_same_modstamp), the build goes on"
            )
        if hit.kind == "soft_deleted":
            return (
                f"{f}: {n} rows are soft-deleted (is_deleted = true, e.g. {examples}); staging "
                "keeps them out of the facts (soft_deleted)"
            )
        if hit.kind == "accepted_values":
            accepted = ", ".join(hit.params["accepted_values"])
            return (
                f"{f}: column {col}: {n} rows outside [{accepted}] after normalising case and "
                f"whitespace{first}"
            )
        if hit.kind == "range":
            low, high = hit.params.get("min"), hit.params.get("max")
            bounds = (
                f"below {low}"
                if high is None
                else f"above {high}"
                if low is None
                else f"outside {low}..{high}"
            )
            unless = hit.params.get("unless")
            exempt = f" (rows with {unless} = true exempt)" if unless else ""
            return f"{f}: column {col}: {n} rows {bounds}{exempt}{first}"
        if hit.kind == "relationship":
            parent = hit.params["parent"]
            return (
                f"{f}: column {col}: {n} rows refer to a {parent} id that is not in the "
                f"{parent} extract{first}"
            )
        if hit.kind == "date_order":
            if hit.first is not None:
                row = hit.first[0]
                later, earlier = (self._value(row, c) for c in cols)
                first = (
                    f", e.g. row {row} ({self._example(row)}): {cols[0]} {_quote(later)}, "
                    f"{cols[1]} {_quote(earlier)}"
                )
            return f"{f}: {n} rows with {cols[0]} before {cols[1]}{first}"
        return f"{f}: rule {hit.rule} columns {col}: {n} rows{first}"

    def _record(self, results: list[Any], hits: dict[tuple, GroupHit]) -> None:
        """Turn a suite's outcome into findings: failing rules with their rows, passed ones."""
        failing = [_Hit.of(h) for h in hits.values() if h.count > 0]
        self._fetch_rows(failing)
        reported: set[tuple] = set()
        for result in results:
            meta = dict(result.expectation_config.meta or {})
            key = (meta.get("rule"), tuple(meta.get("columns") or ()))
            if result.success or key in reported:
                continue
            if meta.get("kind") == "missing_column" and not any(
                h.kind == "missing_column" for h in failing
            ):
                failing.append(_Hit(str(meta["rule"]), BLOCKING, "missing_column", [], count=0))
            if meta.get("kind") == "missing_column":
                hit = next(h for h in failing if h.kind == "missing_column")
                hit.columns += [c for c in meta["columns"] if c not in hit.columns]
            reported.add(key)
        rules_failing = {h.rule for h in failing}
        seen: set[str] = set()
        for result in results:
            meta = dict(result.expectation_config.meta or {})
            rule = str(meta.get("rule"))
            if rule in rules_failing or rule in seen:
                continue
            seen.add(rule)
            self.report.checks.append(
                Finding(
                    rule,
                    str(meta.get("severity")),
                    list(meta.get("columns") or []),
                    0,
                    [],
                    "",
                    passed=True,
                )
            )
        for hit in failing:
            self._add(hit)

    # -- steps -----------------------------------------------------------------------
    def run(self, landing: Landing, scratch: Path, parent_files: dict[str, str]) -> None:
        """Open, match the header, check structure and casts, land, check row-level rules."""
        table = self.table
        try:
            loaded = read_extract(self.con, self.path, self.report.file_format, table, scratch)
        except ExtractError as exc:
            if exc.rule == "file_missing":
                self._land_empty(landing, ABSENT, exc.message)
            elif exc.rule == "empty_file":
                self._land_empty(landing, EMPTY, exc.message)
            else:
                self._blocking(exc.rule, exc.message)
            return
        rep = self.report
        rep.rows, rep.encoding, rep.delimiter = loaded.rows, loaded.encoding, loaded.delimiter
        rep.notes += loaded.notes
        header = loaded.header
        rep.renamed_columns = dict(header.renamed)
        rep.extra_columns = list(header.extra)
        rep.missing_optional_columns = list(header.missing_optional)
        if loaded.rows == 0:
            self._land_empty(landing, EMPTY, "the file has a header but no data rows")
            return
        if header.missing_optional:
            names = ", ".join(f"'{c}'" for c in header.missing_optional)
            self._warning(
                "missing_optional_column",
                f"optional column{'s' if len(header.missing_optional) > 1 else ''} {names} "
                "not in the file; landed as NULL (no KPI needs them)",
                header.missing_optional,
            )
        try:
            self._check(loaded, landing, parent_files)
        except duckdb.Error as exc:
            hit = _Hit("gate_error", BLOCKING, "gate_error", [])
            hit.extra.append(str(exc).splitlines()[0][:200])
            self._add(hit)

    def _check(self, loaded: LoadedExtract, landing: Landing, parent_files: dict[str, str]) -> None:
        """Run the queries of one loaded table: structure, casts, landing, rules."""
        table, rep = self.table, self.report
        present = [c for c in table.column_names if c in loaded.header.source_of]
        comma_candidates = [
            c for c in present if table.column(c).is_numeric and loaded.delimiter not in (None, ",")
        ]
        if comma_candidates:
            checks = ", ".join(decimal_comma_sql(ident(c)) for c in comma_candidates)
            found = self.con.execute(f"select {checks} from ({loaded.relation})").fetchone()
            rep.decimal_comma_columns = [
                c for c, hit in zip(comma_candidates, found, strict=True) if hit
            ]
        if rep.decimal_comma_columns:
            rep.notes.append("decimal comma converted in " + ", ".join(rep.decimal_comma_columns))
        native = loaded.native
        clean_columns = [f"{ROW}"] + [
            f"{ident(c.name)}"
            if c.name in native
            else f"{clean_sql(ident(c.name), c.family, c.name in rep.decimal_comma_columns)} "
            f"as {ident(c.name)}"
            for c in table.columns
        ]
        self._clean = f"select {', '.join(clean_columns)} from ({loaded.relation})"
        # Format (GX regex) and cast (TRY_CAST, e.g. 2025-02-30) in one scan, merged per
        # rule and column; native Parquet columns need neither.
        casts: dict[tuple, tuple[GroupHit, str]] = {}
        for c in table.columns:
            if c.family == "string" or c.name in native or c.name not in present:
                continue
            column = ident(c.name)
            casts[(CAST_RULES[c.family], (c.name,))] = (
                GroupHit(
                    CAST_RULES[c.family], BLOCKING, "cast", [c.name], params={"family": c.family}
                ),
                f"{column} is not null and {cast_sql(column, c.family)} is null",
            )
        self._record(
            *evaluate(
                self.con,
                structure_suite(table, present),
                self._clean,
                present,
                native=native,
                extra=casts,
            )
        )
        if rep.failing(BLOCKING):
            return
        typed_columns = [f"{ROW}"] + [
            f"{_native_cast(ident(c.name), c.family, loaded.source_types[c.name])}"
            f" as {ident(c.name)}"
            if c.name in native
            else f"{cast_sql(ident(c.name), c.family)} as {ident(c.name)}"
            for c in table.columns
        ]
        typed = f"select {', '.join(typed_columns)} from ({self._clean})"
        contract = ", ".join(ident(c) for c in table.column_names)
        self.landed = landing.write(self.con, table, f"select {contract} from ({typed})")
        suite = rules_suite(table, set(parent_files))
        self._record(
            *evaluate(
                self.con,
                suite,
                rules_relation(table, typed, parent_files),
                present,
                distinct_ids="id" in table.column_names,
            )
        )


def _native_cast(column: str, family: str, source_type: str) -> str:
    """Return SQL casting a native Parquet column to the landing type (zoned time to UTC)."""
    if source_type.upper().startswith("TIMESTAMP WITH TIME ZONE"):
        return f"timezone('UTC', {column})"
    return f"cast({column} as {SQL_TYPES[family]})"


def _check_tables(
    cfg: GateConfig,
    tables: list[TableContract],
    landing: Landing,
    scratch: Path,
    report: Report,
) -> None:
    """Check every table on one DuckDB connection (parents first, for their landed ids)."""
    con = connect(scratch / "spill")
    try:
        landed: dict[str, dict[str, str]] = {}
        for table in tables:
            path, fmt = _locate(cfg, table)
            LOG.info("validating %s (%s)", table.key, _display(path, cfg.display_base))
            check = _TableCheck(con, table, path, fmt, cfg)
            started = time.perf_counter()
            check.run(landing, scratch, landed.get(table.system, {}))
            LOG.debug("%s checked in %.2fs", table.key, time.perf_counter() - started)
            report.tables.append(check.report)
            if check.landed is not None and not check.report.failing(BLOCKING):
                landed.setdefault(table.system, {})[table.name] = str(check.landed)
    finally:
        con.close()


def run_gate(cfg: GateConfig) -> Report:
    """Validate every contract table under cfg.source_dir; land them if nothing blocks."""
    tables = load_contract(cfg.project_dir)
    if cfg.tables:
        unknown = sorted(set(cfg.tables) - {t.key for t in tables})
        if unknown:
            raise ContractError(f"unknown tables {', '.join(unknown)} (use <system>.<table>)")
        tables = [t for t in tables if t.key in cfg.tables]
    report = Report(
        mode=cfg.mode,
        source_dir=_display(cfg.source_dir, cfg.display_base),
        landing_dir=_display(cfg.landing_dir, cfg.display_base) if cfg.landing_dir else None,
    )
    scratch = Path(tempfile.mkdtemp(prefix="crm_kpi_gate-"))
    try:
        landing = Landing(
            cfg.landing_dir if cfg.landing_dir is not None else scratch / "landing",
            partial=bool(cfg.tables),
        )
        try:
            _check_tables(cfg, tables, landing, scratch, report)
        except BaseException:
            landing.discard()
            raise
        missing = {t.table for t in report.tables if t.status in (ABSENT, EMPTY)}
        report.kpis = kpi_availability(cfg.project_dir, missing)
        if cfg.landing_dir is not None and report.passed:
            landing.commit()
            report.landed = True
        else:
            landing.discard()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for _, finding in report.warnings:
        LOG.debug("warning: %s", finding.message)
    return report


__all__ = ["BLOCKING", "WARNING", "GateConfig", "run_gate"]
