"""Orchestration: validate every raw table, report, and land the good ones."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extract_gate.casting import (
    CAST_RULES,
    cast_hint,
    cast_series,
    normalise_decimal_comma,
    strip_values,
    uncastable_rows,
)
from extract_gate.contract import ContractError, TableContract, load_contract
from extract_gate.kpis import kpi_availability
from extract_gate.landing import land
from extract_gate.reader import ExtractError, read_extract
from extract_gate.report import (
    ABSENT,
    BLOCKING,
    EMPTY,
    MAX_EXAMPLES,
    WARNING,
    Finding,
    Report,
    TableReport,
)
from extract_gate.suites import (
    CheckResult,
    GxRunner,
    rules_expectations,
    rules_frame,
    structure_expectations,
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
    rows: set[int] = field(default_factory=set)
    first: tuple[int, object] | None = None
    params: dict = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)


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
    """Validation of one table: load, structure suite, cast, rules suite."""

    def __init__(
        self, runner: GxRunner, table: TableContract, path: Path, fmt: str, cfg: GateConfig
    ):
        """Prepare the report of one table."""
        self.runner = runner
        self.table = table
        self.path = path
        self.file = _display(path, cfg.display_base)
        self.contract_file = f"models/staging/{table.system}/_{table.system}__sources.yml"
        self.report = TableReport(table=table.key, file=self.file, file_format=fmt)
        self.typed: pd.DataFrame | None = None
        #: True where the file gave no value (a NaN given as text is a value, not a null)
        self.nulls: pd.DataFrame | None = None
        self._ids: pd.Series | None = None
        self._text: pd.DataFrame | None = None

    # -- findings --------------------------------------------------------------------
    def _example(self, row: int) -> str:
        """Id of a row, or its row number when it has no id."""
        if self._ids is not None:
            value = self._ids.get(row)
            if isinstance(value, str) and value.strip():
                return value
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

    def _add(self, hit: _Hit) -> None:
        self.report.checks.append(
            Finding(
                rule=hit.rule,
                severity=hit.severity,
                columns=hit.columns,
                failing_rows=len(hit.rows),
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

    def _land_empty(self, status: str, text: str) -> None:
        """Record an absent or empty table: a warning, and a zero-row typed frame to land."""
        self.report.status, self.report.rows = status, 0
        rule = "table_absent" if status == ABSENT else "table_empty"
        self._warning(
            rule,
            f"{text}; {self.table.key} is treated as {status}: landed with no rows, the KPIs "
            "that need it are not available",
        )
        empty = pd.Series([], dtype=object)
        self.typed = pd.DataFrame(
            {c.name: cast_series(empty, c.family) for c in self.table.columns}
        )
        self.nulls = pd.DataFrame({c.name: pd.Series([], dtype=bool) for c in self.table.columns})

    def _message(self, hit: _Hit) -> str:
        """One line: file, rule/column, row, what is wrong and what to change."""
        f, n, cols = self.file, len(hit.rows), hit.columns
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
            ids = self._ids.loc[sorted(hit.rows)].nunique() if self._ids is not None else n
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
            ids = self._ids.loc[sorted(hit.rows)].nunique() if self._ids is not None else n
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
            if hit.first is not None and self._text is not None:
                row = hit.first[0]
                later, earlier = (self._text.at[row, c] for c in cols)
                first = (
                    f", e.g. row {row} ({self._example(row)}): {cols[0]} {_quote(later)}, "
                    f"{cols[1]} {_quote(earlier)}"
                )
            return f"{f}: {n} rows with {cols[0]} before {cols[1]}{first}"
        return f"{f}: rule {hit.rule} columns {col}: {n} rows{first}"

    def _record(self, checks: list[CheckResult], frame: pd.DataFrame) -> None:
        """Merge GX results per rule (per rule and column for casts) into findings."""
        hits: dict[tuple, _Hit] = {}
        passed: dict[tuple, CheckResult] = {}
        for check in checks:
            key = (check.rule, tuple(check.columns) if check.kind == "cast" else ())
            if "exception" in check.details:
                hit = _Hit(check.rule, BLOCKING, "gate_error", check.columns)
                hit.extra.append(str(check.details["exception"]).splitlines()[0][:200])
                self._add(hit)
                continue
            if check.success:
                passed.setdefault(key, check)
                continue
            hit = hits.setdefault(
                key, _Hit(check.rule, check.severity, check.kind, [], params=check.params)
            )
            hit.columns += [c for c in check.columns if c not in hit.columns]
            hit.rows.update(check.rows)
            if check.rows:
                row = check.rows[0]
                column = check.columns[0] if check.columns else None
                source = self._text if self._text is not None else frame
                value = source.at[row, column] if column in source.columns else None
                if hit.first is None or row < hit.first[0]:
                    hit.first = (row, value)
        for key, check in passed.items():
            if key not in hits:
                self.report.checks.append(
                    Finding(check.rule, check.severity, check.columns, 0, [], "", passed=True)
                )
        for hit in hits.values():
            self._add(hit)

    # -- steps -----------------------------------------------------------------------
    def run(self, parent_ids: dict[str, set[str]]) -> None:
        """Load, match the header, check structure and types, cast, check row-level rules."""
        table = self.table
        try:
            loaded = read_extract(self.path, self.report.file_format, table)
        except ExtractError as exc:
            if exc.rule == "file_missing":
                self._land_empty(ABSENT, exc.message)
            elif exc.rule == "empty_file":
                self._land_empty(EMPTY, exc.message)
            else:
                self._blocking(exc.rule, exc.message)
            return
        frame = loaded.frame
        rep = self.report
        rep.rows, rep.encoding, rep.delimiter = len(frame), loaded.encoding, loaded.delimiter
        rep.notes += loaded.notes
        header = loaded.header
        rep.renamed_columns = dict(header.renamed)
        rep.extra_columns = list(header.extra)
        rep.missing_optional_columns = list(header.missing_optional)
        if frame.empty:
            self._land_empty(EMPTY, "the file has a header but no data rows")
            return
        if header.missing_optional:
            names = ", ".join(f"'{c}'" for c in header.missing_optional)
            self._warning(
                "missing_optional_column",
                f"optional column{'s' if len(header.missing_optional) > 1 else ''} {names} "
                "not in the file; landed as NULL (no KPI needs them)",
                header.missing_optional,
            )
            for name in header.missing_optional:
                frame[name] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
            frame = frame[[c for c in table.column_names if c in frame.columns]]
        self._ids = (
            pd.Series(
                [v.strip() or None if isinstance(v, str) else None for v in frame["id"]],
                index=frame.index,
                dtype=object,
            )
            if "id" in frame.columns
            else None
        )
        self._text = frame
        present = [c for c in table.column_names if c in frame.columns]
        for name in present:
            column = table.column(name)
            if column.family == "string":
                continue
            frame[name] = strip_values(frame[name])
            if column.is_numeric and loaded.delimiter not in (None, ","):
                frame[name], converted = normalise_decimal_comma(frame[name])
                if converted:
                    rep.decimal_comma_columns.append(name)
        if rep.decimal_comma_columns:
            rep.notes.append("decimal comma converted in " + ", ".join(rep.decimal_comma_columns))
        self._record(
            self.runner.run(
                f"{table.key}.structure", frame, structure_expectations(table, present)
            ),
            frame,
        )
        if rep.failing(BLOCKING):
            return
        typed = pd.DataFrame(index=frame.index)
        self.nulls = frame.isna()
        for column in table.columns:
            typed[column.name] = cast_series(frame[column.name], column.family)
            lost = uncastable_rows(frame[column.name], typed[column.name])
            if lost:
                hit = _Hit(
                    CAST_RULES[column.family],
                    BLOCKING,
                    "cast",
                    [column.name],
                    rows=set(lost),
                    params={"family": column.family},
                )
                hit.first = (lost[0], frame.at[lost[0], column.name])
                self._add(hit)
        if rep.failing(BLOCKING):
            return
        checks = self.runner.run(
            f"{table.key}.rules",
            rules_frame(table, typed, frame, parent_ids),
            rules_expectations(table, parent_ids),
        )
        self._record(checks, typed)
        self.typed = typed


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
    runner = GxRunner()
    ids: dict[str, dict[str, set[str]]] = {}
    good: list[tuple[TableContract, pd.DataFrame, pd.DataFrame]] = []
    for table in tables:
        path, fmt = _locate(cfg, table)
        LOG.info("validating %s (%s)", table.key, _display(path, cfg.display_base))
        check = _TableCheck(runner, table, path, fmt, cfg)
        started = time.perf_counter()
        check.run(ids.get(table.system, {}))
        LOG.debug("%s checked in %.2fs", table.key, time.perf_counter() - started)
        report.tables.append(check.report)
        if check.typed is not None and check.nulls is not None:
            good.append((table, check.typed, check.nulls))
            if "id" in check.typed.columns:
                ids.setdefault(table.system, {})[table.name] = {
                    v.strip() for v in check.typed["id"] if isinstance(v, str) and v.strip()
                }
    missing = {t.table for t in report.tables if t.status in (ABSENT, EMPTY)}
    report.kpis = kpi_availability(cfg.project_dir, missing)
    if cfg.landing_dir is not None and report.passed:
        land(good, cfg.landing_dir, partial=bool(cfg.tables))
        report.landed = True
    for _, finding in report.warnings:
        LOG.debug("warning: %s", finding.message)
    return report


__all__ = ["BLOCKING", "WARNING", "GateConfig", "run_gate"]
