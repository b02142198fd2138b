"""The raw extract contract, read from the dbt source YAML files (the one reader).

The source YAML (``models/staging/<system>/_<system>__sources.yml``) is the single statement
of each raw table: its columns in order, their ``data_type``, which are required, their
picklists and rules. The gate validates against it, the demo generator writes files in its
shape, and the source names are the list of source systems (``systems()``).

Columns and ``data_type`` come from the source definitions; table-specific rules from
``config.meta.gate`` (or the older top-level ``meta.gate``) on a column or a table:

* column ``gate``: ``required`` (mandatory on every column: ``true`` when a KPI, a key or
  staging needs the column, so the gate blocks without it; ``false`` when it may be missing
  and is landed as NULL), ``accepted_values`` (compared after picklist normalisation), ``min`` /
  ``max``, ``unless`` (a boolean column that exempts a row from min/max, e.g. credit
  notes), ``relationship: {to: <table>, field: id}`` (mandatory parent in the same
  system) and ``rule`` (the report's rule name, matching the staging quarantine rule);
* table ``gate``: ``date_order: [{earlier: <col>, later: <col>, rule: <name>}]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crm_kpi import PROJECT_DIR

#: Contract data types the gate understands, mapped to its five cast families.
TYPE_FAMILIES: dict[str, str] = {
    "varchar": "string",
    "text": "string",
    "string": "string",
    "boolean": "boolean",
    "bool": "boolean",
    "date": "date",
    "timestamp": "timestamp",
    "datetime": "timestamp",
    "double": "number",
    "float": "number",
    "real": "number",
    "decimal": "number",
    "numeric": "number",
    "integer": "integer",
    "int": "integer",
    "bigint": "integer",
    "smallint": "integer",
}


class ContractError(Exception):
    """The contract YAML itself is unusable (a project bug, not a user error)."""


def _gate_meta(node: dict[str, Any]) -> dict[str, Any]:
    """Return the ``gate`` dict of a node's ``config.meta`` (or top-level ``meta``)."""
    config = node.get("config") or {}
    meta = config.get("meta") or node.get("meta") or {}
    gate = meta.get("gate") or {}
    if not isinstance(gate, dict):
        raise ContractError(f"meta.gate of {node.get('name')!r} must be a mapping")
    return gate


@dataclass(frozen=True)
class ColumnContract:
    """One contract column: name, declared type, whether it is required, its gate rules."""

    name: str
    data_type: str
    gate: dict[str, Any] = field(default_factory=dict)
    required: bool = True

    @property
    def family(self) -> str:
        """Cast family of the column: string, boolean, date, timestamp, number, integer."""
        base = self.data_type.lower().split("(")[0].strip()
        try:
            return TYPE_FAMILIES[base]
        except KeyError as exc:
            raise ContractError(
                f"column {self.name!r}: unknown data_type {self.data_type!r}"
            ) from exc

    @property
    def is_numeric(self) -> bool:
        """Whether the column holds numbers (decimal-comma conversion applies)."""
        return self.family in ("number", "integer")


@dataclass(frozen=True)
class TableContract:
    """One raw table of a source system."""

    system: str
    name: str
    columns: tuple[ColumnContract, ...]
    gate: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """``<system>.<table>``, the table's name in reports."""
        return f"{self.system}.{self.name}"

    @property
    def required_columns(self) -> list[str]:
        """Columns a file must have (a KPI, a key or staging needs them)."""
        return [c.name for c in self.columns if c.required]

    @property
    def column_names(self) -> list[str]:
        """Contract column names in declaration order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnContract:
        """Return the contract column called name."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def parents(self) -> list[str]:
        """Tables (same system) this table's mandatory relationships point to."""
        return [c.gate["relationship"]["to"] for c in self.columns if "relationship" in c.gate]


def _column(path: Path, table: str, node: dict[str, Any]) -> ColumnContract:
    """One column of the source YAML; ``config.meta.gate.required`` must be true or false."""
    gate = dict(_gate_meta(node))
    required = gate.pop("required", None)
    if not isinstance(required, bool):
        raise ContractError(
            f"{path}: column {table}.{node.get('name')} needs config.meta.gate.required "
            "(true: a KPI, a key or staging needs it; false: may be missing, landed as NULL)"
        )
    return ColumnContract(
        name=str(node["name"]),
        data_type=str(node.get("data_type") or "varchar"),
        gate=gate,
        required=required,
    )


def read_tables(project_dir: Path = PROJECT_DIR) -> list[TableContract]:
    """Read every source table from ``models/staging/*/_*__sources.yml`` of project_dir.

    Tables come in declaration order (files sorted by path, tables as written).
    """
    tables: list[TableContract] = []
    for path in sorted((project_dir / "models" / "staging").glob("*/_*__sources.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in doc.get("sources") or []:
            for table in source.get("tables") or []:
                columns = tuple(
                    _column(path, str(table.get("name")), col) for col in table.get("columns") or []
                )
                if not columns:
                    raise ContractError(f"{path}: table {table.get('name')!r} declares no columns")
                tables.append(
                    TableContract(
                        system=str(source["name"]),
                        name=str(table["name"]),
                        columns=columns,
                        gate=_gate_meta(table),
                    )
                )
    if not tables:
        raise ContractError(f"no source tables found under {project_dir / 'models' / 'staging'}")
    return tables


def load_contract(project_dir: Path = PROJECT_DIR) -> list[TableContract]:
    """Read every source table, ordered so that a relationship's parent precedes its child."""
    return _parents_first(read_tables(project_dir))


def systems(project_dir: Path = PROJECT_DIR) -> list[str]:
    """Return the source systems (the source names: crm, erp, ...) in file order."""
    return list(dict.fromkeys(table.system for table in read_tables(project_dir)))


def _parents_first(tables: list[TableContract]) -> list[TableContract]:
    """Order tables so that every relationship parent is validated before its children."""
    by_key = {t.key: t for t in tables}
    ordered: list[TableContract] = []
    seen: set[str] = set()

    def visit(table: TableContract) -> None:
        if table.key in seen:
            return
        seen.add(table.key)
        for parent in table.parents:
            parent_key = f"{table.system}.{parent}"
            if parent_key not in by_key:
                raise ContractError(f"{table.key}: relationship to unknown table {parent_key}")
            visit(by_key[parent_key])
        ordered.append(table)

    for table in tables:
        visit(table)
    return ordered
