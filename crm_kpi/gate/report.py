"""Findings of a gate run: one-line messages, the console table and the JSON report."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BLOCKING = "blocking"
WARNING = "warning"
MAX_EXAMPLES = 5
#: Warnings that are expected in every extract: shown in the table, not repeated below it.
DOCUMENTED_DIRT = ("duplicate_id", "soft_deleted")
#: Presence of a table's file: read with rows, read without rows, or no file at all.
LOADED, EMPTY, ABSENT = "loaded", "empty", "absent"


@dataclass
class Finding:
    """One check of one table: a rule with its severity, failing rows and examples."""

    rule: str
    severity: str
    columns: list[str]
    failing_rows: int
    examples: list[str]
    message: str
    passed: bool = False


@dataclass
class TableReport:
    """Everything the gate found about one raw table."""

    table: str
    file: str
    file_format: str
    status: str = LOADED
    rows: int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    decimal_comma_columns: list[str] = field(default_factory=list)
    missing_optional_columns: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    renamed_columns: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    checks: list[Finding] = field(default_factory=list)

    @property
    def severity(self) -> str:
        """``blocking``, ``warning`` or ``ok``: the worst failing check."""
        failing = {c.severity for c in self.checks if not c.passed}
        return BLOCKING if BLOCKING in failing else WARNING if WARNING in failing else "ok"

    def failing(self, severity: str) -> list[Finding]:
        """Failing checks of one severity."""
        return [c for c in self.checks if not c.passed and c.severity == severity]


@dataclass
class Report:
    """A whole gate run."""

    mode: str
    source_dir: str
    landing_dir: str | None
    tables: list[TableReport] = field(default_factory=list)
    landed: bool = False
    kpis: dict[str, Any] = field(default_factory=dict)
    generated_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )

    @property
    def blocking(self) -> list[tuple[TableReport, Finding]]:
        """All failing BLOCKING checks with their table."""
        return [(t, f) for t in self.tables for f in t.failing(BLOCKING)]

    @property
    def warnings(self) -> list[tuple[TableReport, Finding]]:
        """All failing WARNING checks with their table."""
        return [(t, f) for t in self.tables for f in t.failing(WARNING)]

    @property
    def passed(self) -> bool:
        """True when nothing is blocking."""
        return not self.blocking

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form of the report."""
        return {
            "generated_at": self.generated_at,
            "mode": self.mode,
            "status": "passed" if self.passed else "failed",
            "source_dir": self.source_dir,
            "landing_dir": self.landing_dir,
            "landed": self.landed,
            "blocking_count": len(self.blocking),
            "warning_count": len(self.warnings),
            "tables": [
                {
                    "table": t.table,
                    "file": t.file,
                    "format": t.file_format,
                    "status": t.status,
                    "severity": t.severity,
                    "rows": t.rows,
                    "missing_optional_columns": t.missing_optional_columns,
                    "extra_columns": t.extra_columns,
                    "renamed_columns": t.renamed_columns,
                    "encoding": t.encoding,
                    "delimiter": t.delimiter,
                    "decimal_comma_columns": t.decimal_comma_columns,
                    "notes": t.notes,
                    "checks": [asdict(c) for c in t.checks],
                }
                for t in self.tables
            ],
            "kpis": self.kpis,
        }


def write_json(report: Report, path: Path) -> None:
    """Write the JSON report atomically (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(report.to_dict(), stream, indent=2, ensure_ascii=False, default=str)
        stream.write("\n")
    Path(tmp_name).replace(path)


def _table(rows: list[list[str]], headers: list[str]) -> list[str]:
    """Plain-text table with left-aligned columns."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join("{:<" + str(w) + "}" for w in widths)
    return [line.format(*headers), line.format(*["-" * w for w in widths])] + [
        line.format(*r) for r in rows
    ]


def _columns_section(report: Report) -> list[str]:
    """Per table: header renames applied, extra columns ignored, optional columns missing."""
    lines = []
    for t in report.tables:
        parts = []
        if t.renamed_columns:
            renames = ", ".join(f"{a} -> {b}" for a, b in t.renamed_columns.items())
            parts.append(f"renamed {renames}")
        if t.extra_columns:
            parts.append("extra columns ignored: " + ", ".join(t.extra_columns))
        if t.missing_optional_columns:
            parts.append(
                "optional columns missing (NULL): " + ", ".join(t.missing_optional_columns)
            )
        if parts:
            lines.append(f"  {t.table}: " + "; ".join(parts))
    return ["", "COLUMNS (header matched to the contract):", *lines] if lines else []


def _kpi_section(kpis: dict[str, Any]) -> list[str]:
    """Which KPIs the present tables allow, and which miss a table."""
    if not kpis:
        return []
    available, missing = kpis.get("available") or [], kpis.get("not_available") or []
    undeclared = kpis.get("without_source_tables") or []
    lines = ["", f"KPIs available ({len(available)}): " + (", ".join(available) or "none")]
    if missing:
        lines.append(
            "KPIs not available: "
            + ", ".join(f"{k['kpi_code']} (missing {', '.join(k['missing'])})" for k in missing)
        )
    if undeclared:
        lines.append(
            f"KPIs not judged (no source_tables in the catalogue): {len(undeclared)}, "
            "listed in the JSON report"
        )
    return lines


def render_text(report: Report) -> str:
    """Render the report: a table per table and rule, then every finding on one line."""
    lines = [f"Extract validation ({report.mode}): {report.source_dir}", ""]
    rows = []
    for t in report.tables:
        failing = [c for c in t.checks if not c.passed]
        size = str(t.rows if t.rows is not None else "-")
        if not failing:
            rows.append([t.table, t.status, size, "-", "ok", "", ""])
        for c in failing:
            examples = ", ".join(c.examples)
            rows.append(
                [t.table, t.status, size, c.rule, c.severity.upper(), str(c.failing_rows), examples]
            )
    lines += _table(
        rows, ["TABLE", "STATUS", "ROWS", "RULE", "SEVERITY", "FAILING", "EXAMPLES (id or row)"]
    )
    lines += _columns_section(report)
    if report.blocking:
        lines += ["", "BLOCKING (fix the extract, then run again):"]
        lines += [f"  {f.message}" for _, f in report.blocking]
    rule_warnings = [f for _, f in report.warnings if f.rule not in DOCUMENTED_DIRT]
    if rule_warnings:
        lines += ["", "WARNINGS (the build goes on; staging quarantines or cleans these rows):"]
        lines += [f"  {f.message}" for f in rule_warnings]
    lines += _kpi_section(report.kpis)
    verdict = "PASSED" if report.passed else "FAILED: the build stops here, nothing was loaded"
    lines += [
        "",
        f"{len(report.tables)} tables, {len(report.blocking)} blocking, "
        f"{len(report.warnings)} warnings: {verdict}",
    ]
    if report.landed and report.landing_dir:
        lines.append(f"Landed normalised Parquet copies in {report.landing_dir}")
    return "\n".join(lines) + "\n"
