"""Extract sets shaped the way other tools export them, for the real-extracts tests.

The generator writes the contract's shape. A customer's files look different: Salesforce API
names as headers (``StageName``, ``Loss_Reason__c``), extra standard and custom fields, columns
in another order, optional columns left out, tables absent or header-only, national campaigns,
countries missing from the region mapping, upper-case region codes and a cut-off on the 1st of
a month. ``make_foreign_pair`` derives two extract sets from one generated set: the messy one
and the same records in contract shape, so a test can build both and compare the KPIs.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

#: Tables left out of the foreign extract set entirely (no file) and given header-only.
ABSENT_TABLES = ("survey.nps_response", "finance.crm_milestone")
EMPTY_TABLES = ("hr.pulse_response",)
#: Optional in the contract, but the dedupe of repeated extractions reads them.
VERSION_COLUMNS = ("system_modstamp", "is_deleted")
#: Extra fields a Salesforce export carries that the contract does not know.
EXTRA_COLUMNS = {
    "crm.opportunity": {"ForecastCategory": "'Pipeline'", "Custom_Score__c": "42"},
    "crm.account": {"AnnualRevenue": "1000000", "Rating": "'Hot'"},
    "crm.user": {"TimeZoneSidKey": "'Europe/Berlin'"},
}


def api_name(column: str) -> str:
    """Contract snake_case -> Salesforce API name (``loss_reason_c`` -> ``Loss_Reason__c``)."""
    if column.endswith("_c"):
        return "_".join(part.capitalize() for part in column[:-2].split("_")) + "__c"
    return "".join(part.capitalize() for part in column.split("_"))


def optional_columns(project_dir: Path) -> dict[str, list[str]]:
    """Columns the source contract marks as optional, per ``<system>.<table>``."""
    optional: dict[str, list[str]] = {}
    for path in sorted((project_dir / "models" / "staging").glob("*/_*__sources.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in doc.get("sources") or []:
            for table in source.get("tables") or []:
                key = f"{source['name']}.{table['name']}"
                for column in table.get("columns") or []:
                    meta = (column.get("config") or {}).get("meta") or {}
                    if (meta.get("gate") or {}).get("required") is False:
                        optional.setdefault(key, []).append(str(column["name"]))
    return optional


@dataclass(frozen=True)
class ForeignPair:
    """Two extract folders with the same records: the customer's shape and the contract's."""

    foreign: Path
    contract: Path
    dropped_optional: dict[str, list[str]]


def _records(con: duckdb.DuckDBPyConnection, generated: Path) -> None:
    """Load the generated set as tables and apply the record-level differences."""
    for path in sorted(generated.glob("*/*.parquet")):
        name = f"{path.parent.name}__{path.stem}"
        con.execute(f"create table {name} as select * from read_parquet('{path}')")
    # national campaigns: every third campaign has no region
    con.execute("update crm__campaign set region_code_c = null where hash(id) % 3 = 0")
    # a country the region mapping does not know
    con.execute(
        "update crm__account set billing_country_code = 'FR', billing_state_code = null "
        "where hash(id) % 17 = 0"
    )
    con.execute(
        "update crm__user set country_code = null, state_code = null where hash(id) % 11 = 0"
    )


def make_foreign_pair(generated: Path, out: Path, project_dir: Path) -> ForeignPair:
    """Write ``out/foreign`` (customer shape, CSV) and ``out/contract`` (contract, Parquet)."""
    foreign, contract = out / "foreign", out / "contract"
    dropped: dict[str, list[str]] = {}
    optional = optional_columns(project_dir)
    with duckdb.connect() as con:
        _records(con, generated)
        for path in sorted(generated.glob("*/*.parquet")):
            system, table = path.parent.name, path.stem
            key, relation = f"{system}.{table}", f"{system}__{table}"
            columns = [row[0] for row in con.execute(f"describe {relation}").fetchall()]
            if key in ABSENT_TABLES:
                continue
            (contract / system).mkdir(parents=True, exist_ok=True)
            (foreign / system).mkdir(parents=True, exist_ok=True)
            where = " where false" if key in EMPTY_TABLES else ""
            con.execute(
                f"copy (select * from {relation}{where}) to "
                f"'{contract / system / (table + '.parquet')}' (format parquet)"
            )
            # two optional columns per table; never the version columns staging dedupes on
            drop = [c for c in optional.get(key, []) if c not in VERSION_COLUMNS][:2]
            if drop:
                dropped[key] = drop
            kept = [c for c in columns if c not in drop]
            # reversed column order, API names, extra fields, Data Loader timestamps
            select = [f'"{c}" as "{api_name(c)}"' for c in reversed(kept)]
            select += [f'{expr} as "{name}"' for name, expr in EXTRA_COLUMNS.get(key, {}).items()]
            con.execute(
                f"copy (select {', '.join(select)} from {relation}{where}) to "
                f"'{foreign / system / (table + '.csv')}' "
                "(header, delimiter ',', timestampformat '%Y-%m-%dT%H:%M:%S.000Z')"
            )
    return ForeignPair(foreign=foreign, contract=contract, dropped_optional=dropped)


def upper_case_reference(project_copy: Path) -> None:
    """Rewrite the reference seeds' region codes the way the business writes them (DE_SOUTH)."""
    reference = project_copy / "seeds" / "reference"
    for name in ("region_mapping", "crm_rollout", "kpi_target"):
        path = reference / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        if not rows:
            continue
        for row in rows:
            if row.get("region_code"):
                row["region_code"] = row["region_code"].upper()
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


def copy_project(project_dir: Path, target: Path) -> Path:
    """Copy the project's tracked files (no build output) to target, sharing its venv."""
    ignore = shutil.ignore_patterns(".git", ".venv", "target", "logs", "warehouse", "__pycache__")
    shutil.copytree(project_dir, target, ignore=ignore)
    (target / "warehouse").mkdir()
    (target / ".venv").symlink_to(project_dir / ".venv")
    return target
