"""Great Expectations suites derived from the contract, evaluated as DuckDB queries.

Two suites per raw table, both built from ``TableContract`` as GX ``ExpectationSuite``
objects (the declared checks and the report format):

* ``<system>.<table>.structure`` on the text relation (BLOCKING): every required contract
  column present (optional ones are NULL columns, extra ones left out, by then), every
  value matching its type's pattern;
* ``<system>.<table>.rules`` on the typed relation (WARNING): id not null or blank, id
  unique (duplicate versions), versions that tie on system_modstamp with different values,
  soft deletes, implausible numbers and dates, and the ``meta.gate`` rules (accepted
  values after picklist normalisation, ranges, mandatory parents, date order).

GX's own SQL datasource returns empty results on DuckDB, so the gate evaluates each
expectation itself: its configuration becomes an SQL predicate for an unexpected row, all
predicates of a suite run in ONE aggregate query streaming over the file (counts, the
first failing rows), and the outcome is recorded as GX ``ExpectationValidationResult``
objects (success, element_count, unexpected_count, partial_unexpected_index_list). Row
filters that GX would express as ``row_condition`` sit in the expectation's meta
(``current_only``: latest version of an id, not soft-deleted; ``exempt``: a boolean
column that exempts the row).
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from typing import Any

import duckdb

from crm_kpi import sql
from crm_kpi.contract import TableContract
from crm_kpi.gate.casting import CAST_RULES, PATTERNS, implausible_sql
from crm_kpi.gate.engine import ident, literal
from crm_kpi.gate.reader import ROW

BLOCKING = "blocking"
WARNING = "warning"

#: Prefix of helper columns the rules relation adds to the typed columns.
HELPER = "gate__"
#: Failing row numbers kept per expectation (examples and the first failing value).
PARTIAL = 25


@dataclass
class GroupHit:
    """Failing rows of one rule (of one rule and column for casts), over its expectations."""

    rule: str
    severity: str
    kind: str
    columns: list[str]
    count: int = 0
    rows: list[int] = field(default_factory=list)
    distinct_ids: int | None = None
    params: dict[str, Any] = field(default_factory=dict)


def picklist_code(value: object) -> object:
    """Normalise a picklist value like staging's ``picklist_code`` macro.

    Accents stripped, lower case, every run of non-alphanumerics one '_', trimmed:
    ``' Cross Sell'`` and ``'cross-sell'`` both become ``'cross_sell'``; blank -> None.
    """
    if not isinstance(value, str):
        return None
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    code = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return code or None


def picklist_code_sql(column: str) -> str:
    """Return the same normalisation in DuckDB SQL (as macros/picklist_code.sql)."""
    return (
        "nullif(trim(regexp_replace(lower(strip_accents(cast("
        f"{column} as varchar))), '[^a-z0-9]+', '_', 'g'), '_'), '')"
    )


def _gx() -> Any:
    """Import GX quietly (no analytics, progress bars or log noise)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
        import great_expectations.expectations as gxe  # noqa: F401
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("great_expectations"):
            logging.getLogger(name).setLevel(logging.ERROR)
    return gx


def _meta(rule: str, severity: str, kind: str, columns: list[str], **params: Any) -> dict:
    """Build expectation meta in the report's terms."""
    return {"rule": rule, "severity": severity, "kind": kind, "columns": columns, **params}


def group_key(meta: dict[str, Any]) -> tuple:
    """Return the merge key of a finding: its rule, and its column for casts."""
    columns = tuple(meta.get("columns") or ()) if meta.get("kind") == "cast" else ()
    return (meta.get("rule"), columns)


# -- suites -----------------------------------------------------------------------------
def structure_suite(table: TableContract, present: list[str]) -> Any:
    """BLOCKING expectations on the text relation: required columns, value formats."""
    gx = _gx()
    gxe = gx.expectations
    expectations: list[Any] = [
        gxe.ExpectColumnToExist(
            column=col.name, meta=_meta("missing_column", BLOCKING, "missing_column", [col.name])
        )
        for col in table.columns
        if col.required
    ]
    for col in table.columns:
        pattern = PATTERNS[col.family]
        if pattern is None or col.name not in present:
            continue
        expectations.append(
            gxe.ExpectColumnValuesToMatchRegex(
                column=col.name,
                regex=pattern,
                meta=_meta(CAST_RULES[col.family], BLOCKING, "cast", [col.name], family=col.family),
            )
        )
    return gx.ExpectationSuite(name=f"{table.key}.structure", expectations=expectations)


def rules_suite(table: TableContract, parents: set[str]) -> Any:
    """WARNING expectations on the typed relation: ids, documented dirt and meta.gate rules.

    parents names the parent tables whose ids are at hand; a relationship whose parent is
    not part of this run is left out (a partial run, or the parent's own blocking finding).
    """
    gx = _gx()
    gxe = gx.expectations
    names = table.column_names
    expectations: list[Any] = []
    if "id" in names:
        expectations += [
            gxe.ExpectColumnValuesToNotBeNull(
                column=f"{HELPER}id", meta=_meta("missing_id", WARNING, "missing_id", ["id"])
            ),
            gxe.ExpectColumnValuesToBeUnique(
                column=f"{HELPER}id", meta=_meta("duplicate_id", WARNING, "duplicate_id", ["id"])
            ),
        ]
        if "system_modstamp" in names:
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=f"{HELPER}tied_versions",
                    value_set=[False],
                    meta=_meta(
                        "conflicting_versions_same_modstamp",
                        WARNING,
                        "conflicting_versions",
                        ["id", "system_modstamp"],
                    ),
                )
            )
    if "is_deleted" in names:
        expectations.append(
            gxe.ExpectColumnValuesToBeInSet(
                column="is_deleted",
                value_set=[False],
                meta=_meta("soft_deleted", WARNING, "soft_deleted", ["is_deleted"]),
            )
        )
    for col in table.columns:
        if col.family in ("number", "integer", "date", "timestamp"):
            rule = "implausible_number" if col.is_numeric else "implausible_date"
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=f"{HELPER}implausible__{col.name}",
                    value_set=[False],
                    meta=_meta(rule, WARNING, "implausible", [col.name], current_only=True),
                )
            )
        gate = col.gate
        if "accepted_values" in gate:
            accepted = [str(v) for v in gate["accepted_values"]]
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=f"{HELPER}code__{col.name}",
                    value_set=sorted({picklist_code(v) for v in accepted}),
                    meta=_meta(
                        gate.get("rule", f"unknown_{col.name}"),
                        WARNING,
                        "accepted_values",
                        [col.name],
                        accepted_values=accepted,
                        current_only=True,
                    ),
                )
            )
        if "min" in gate or "max" in gate:
            low, high = gate.get("min"), gate.get("max")
            default_rule = f"negative_{col.name}" if low == 0 and high is None else None
            expectations.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column=col.name,
                    min_value=low,
                    max_value=high,
                    meta=_meta(
                        gate.get("rule", default_rule or f"{col.name}_out_of_range"),
                        WARNING,
                        "range",
                        [col.name],
                        min=low,
                        max=high,
                        unless=gate.get("unless"),
                        current_only=True,
                        exempt=gate.get("unless"),
                    ),
                )
            )
        if "relationship" in gate and gate["relationship"]["to"] in parents:
            parent = gate["relationship"]["to"]
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=f"{HELPER}has_parent__{col.name}",
                    value_set=[True],
                    meta=_meta(
                        gate.get("rule", f"unknown_{parent}"),
                        WARNING,
                        "relationship",
                        [col.name],
                        parent=f"{table.system}.{parent}",
                        current_only=True,
                    ),
                )
            )
    for order in table.gate.get("date_order") or []:
        earlier, later = order["earlier"], order["later"]
        expectations.append(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=f"{HELPER}day__{later}",
                column_B=f"{HELPER}day__{earlier}",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                meta=_meta(
                    order.get("rule", f"{later}_before_{earlier}"),
                    WARNING,
                    "date_order",
                    [later, earlier],
                    current_only=True,
                ),
            )
        )
    return gx.ExpectationSuite(name=f"{table.key}.rules", expectations=expectations)


# -- the rules relation -----------------------------------------------------------------
def rules_relation(table: TableContract, typed: str, parent_files: dict[str, str]) -> str:
    """Return SQL of the typed relation plus the helper columns the rules suite compares.

    Per-id facts (row count, latest system_modstamp, versions tied on it with different
    values) are GROUP BY aggregates joined back on the trimmed id, not window functions: a
    window buffers every row with all its columns, a join only the small per-id side.
    parent_files maps a parent table name to its landed Parquet file (ids are read from
    there; a missing or blank reference counts as unknown, as in staging).
    """
    names = table.column_names
    columns = []
    for col in table.columns:
        column = f"t.{ident(col.name)}"
        parent = (col.gate.get("relationship") or {}).get("to")
        columns.append(
            {
                "name": col.name,
                "column": column,
                "implausible": implausible_sql(column, col.family),
                "picklist_code": (
                    picklist_code_sql(column) if "accepted_values" in col.gate else None
                ),
                "parent_file": literal(parent_files[parent]) if parent in parent_files else None,
            }
        )
    days = [
        {"name": name, "column": ident(name)}
        for order in table.gate.get("date_order") or []
        for name in (order["earlier"], order["later"])
    ]
    return sql.render(
        __package__,
        "rules_relation",
        typed=typed,
        helper=HELPER,
        id_column=ident("id"),
        has_id="id" in names,
        stamped="id" in names and "system_modstamp" in names,
        has_is_deleted="is_deleted" in names,
        content="hash(" + ", ".join(ident(n) for n in names) + ")",
        columns=columns,
        day_columns=days,
    )


# -- evaluation -------------------------------------------------------------------------
def _row_filter(meta: dict[str, Any]) -> str:
    """Return the rows an expectation applies to (GX's row_condition) as SQL."""
    parts = []
    if meta.get("current_only"):
        parts.append(f"{HELPER}is_current")
    if meta.get("exempt"):
        parts.append(f"{ident(meta['exempt'])} is distinct from true")
    return " and ".join(parts) or "true"


def unexpected_sql(config: Any, native: set[str] | None = None) -> str | None:
    """Return the SQL predicate of an unexpected row (None: not a row-wise check).

    A regex on a native column (already of the contract's type) cannot fail: ``false``.
    """
    kwargs, meta = config.kwargs, dict(config.meta or {})
    kind = config.type
    column = ident(kwargs["column"]) if "column" in kwargs else None
    if kind == "expect_column_values_to_match_regex" and kwargs["column"] in (native or set()):
        return "false"
    if kind == "expect_column_values_to_match_regex":
        predicate = (
            f"{column} is not null and not regexp_full_match({column}, {literal(kwargs['regex'])})"
        )
    elif kind == "expect_column_values_to_not_be_null":
        predicate = f"{column} is null"
    elif kind == "expect_column_values_to_be_unique" and kwargs["column"] == f"{HELPER}id":
        # the rules relation carries each id's row count (a join, cheaper than a window)
        predicate = f"{column} is not null and {HELPER}id_rows > 1"
    elif kind == "expect_column_values_to_be_unique":
        predicate = f"{column} is not null and count(*) over (partition by {column}) > 1"
    elif kind == "expect_column_values_to_be_in_set":
        values = ", ".join(
            literal(v) if isinstance(v, str) else str(v).lower() for v in kwargs["value_set"]
        )
        predicate = f"{column} is not null and {column} not in ({values})"
    elif kind == "expect_column_values_to_be_between":
        bounds = []
        if kwargs.get("min_value") is not None:
            bounds.append(f"{column} < {kwargs['min_value']}")
        if kwargs.get("max_value") is not None:
            bounds.append(f"{column} > {kwargs['max_value']}")
        # NaN / inf are implausible_number, not out of range
        predicate = f"isfinite({column}) and ({' or '.join(bounds) or 'false'})"
    elif kind == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = ident(kwargs["column_A"]), ident(kwargs["column_B"])
        op = "<" if kwargs.get("or_equal") else "<="
        predicate = f"{a} is not null and {b} is not null and {a} {op} {b}"
    else:
        return None
    return f"(({_row_filter(meta)}) and ({predicate}))"


def evaluate(
    con: duckdb.DuckDBPyConnection,
    suite: Any,
    relation: str,
    present: list[str],
    *,
    distinct_ids: bool = False,
    native: set[str] | None = None,
    extra: dict[tuple, tuple[GroupHit, str]] | None = None,
) -> tuple[list[Any], dict[tuple, GroupHit]]:
    """Evaluate a suite over relation in one query; return GX results and hits per rule.

    Window predicates (uniqueness) are computed in a first projection, the aggregates in
    the outer query, so the file is scanned once. extra adds checks outside the suite to
    the same scan: key -> (hit template, predicate); their counts fill the returned hits.
    """
    from great_expectations.core import ExpectationValidationResult

    configs = [e.configuration for e in suite.expectations]
    predicates = {i: unexpected_sql(c, native) for i, c in enumerate(configs)}
    groups: dict[tuple, list[int]] = {}
    for i, config in enumerate(configs):
        if predicates[i] is not None:
            groups.setdefault(group_key(config.meta or {}), []).append(i)
    flags = [(f"f{i}", p) for i, p in predicates.items() if p is not None]
    unions = {key: [f"f{i}" for i in members] for key, members in groups.items()}
    extra = extra or {}
    for e, (key, (_, predicate)) in enumerate(extra.items()):
        flags.append((f"x{e}", predicate))
        unions.setdefault(key, []).append(f"x{e}")
    cursor = con.execute(
        sql.render(
            __package__,
            "evaluate",
            relation=relation,
            row=ROW,
            partial=PARTIAL,
            helper=HELPER,
            distinct_ids=distinct_ids,
            predicate_ids=[i for i, p in predicates.items() if p is not None],
            unions=list(unions.values()),
            flags=flags,
        )
    )
    values = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    total = int(values["n"])
    results = []
    for i, config in enumerate(configs):
        if predicates[i] is None:  # expect_column_to_exist
            success = config.kwargs["column"] in present
            results.append(
                ExpectationValidationResult(success=success, expectation_config=config, result={})
            )
            continue
        count = int(values[f"n{i}"] or 0)
        rows = [int(r) for r in values[f"r{i}"] or []]
        results.append(
            ExpectationValidationResult(
                success=count == 0,
                expectation_config=config,
                result={
                    "element_count": total,
                    "unexpected_count": count,
                    "unexpected_percent": 100.0 * count / total if total else 0.0,
                    "partial_unexpected_index_list": rows,
                },
            )
        )
    hits: dict[tuple, GroupHit] = {}
    for g, key in enumerate(unions):
        if key in groups:
            meta = dict(configs[groups[key][0]].meta or {})
            columns: list[str] = []
            for i in groups[key]:
                columns += [c for c in configs[i].meta.get("columns") or [] if c not in columns]
            hit = GroupHit(
                rule=str(meta["rule"]),
                severity=str(meta["severity"]),
                kind=str(meta["kind"]),
                columns=columns,
                params={
                    k: v
                    for k, v in meta.items()
                    if k not in ("rule", "severity", "columns", "kind", "current_only", "exempt")
                },
            )
        else:
            hit = extra[key][0]
        hit.count = int(values[f"gn{g}"] or 0)
        hit.rows = sorted(int(r) for r in values[f"gr{g}"] or [])
        hit.distinct_ids = int(values[f"gd{g}"]) if distinct_ids else None
        hits[key] = hit
    return results, hits
