"""Staging generated from the source contract, and its column rules in one test per table.

* Every column assertion staging had before its rules were consolidated
  (tests/python/staging_assertions.csv: model, column, rule, arguments, severity) is still
  checked, with the same severity, by exactly one `table_rules` test of that model, and no
  rule is checked that the list does not hold.
* dbt unit tests get no graph, so the unit test of a base model states the contract it tests
  under overrides.macros.staging_contract: that copy must equal the source YAML.
* A violated rule stops `dbt test` with a message naming the table, the column and the rule;
  a violated warn rule is a warning whose rows name them. Checked with real dbt and DuckDB on
  a small file holding only the two tables under test.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import yaml
from conftest import PROJECT_DIR, dbt_env, invoke_dbt

STAGING = PROJECT_DIR / "models" / "staging"
ASSERTIONS = Path(__file__).with_name("staging_assertions.csv")


def _yaml_files(pattern: str) -> Iterator[dict[str, Any]]:
    for path in sorted(STAGING.glob(pattern)):
        yield yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _table_rules() -> list[tuple[str, str, str, str, str]]:
    """(model, column, rule, arguments as JSON, severity) of every table_rules test."""
    found = []
    for document in _yaml_files("**/_*__models.yml"):
        for model in document.get("models", []):
            for test in model.get("data_tests", []):
                if not isinstance(test, dict) or "table_rules" not in test:
                    continue
                body = test["table_rules"]
                severity = (body.get("config") or {}).get("severity", "error")
                for rule in body["arguments"]["rules"]:
                    column = rule.get("column") or ",".join(rule.get("columns", []))
                    arguments = {
                        key: value
                        for key, value in rule.items()
                        if key not in ("column", "columns", "rule")
                    }
                    found.append(
                        (
                            model["name"],
                            column,
                            rule["rule"],
                            json.dumps(arguments, sort_keys=True),
                            severity,
                        )
                    )
    return found


def test_every_staging_assertion_is_still_checked() -> None:
    with ASSERTIONS.open(encoding="utf-8", newline="") as stream:
        expected = [
            (row["model"], row["column"], row["rule"], row["arguments"], row["severity"])
            for row in csv.DictReader(stream)
        ]
    found = _table_rules()
    assert len(expected) == 196
    assert sorted(found) == sorted(expected)
    # one table_rules test per model and severity
    per_model: dict[str, set[str]] = {}
    for model, _, _, _, severity in found:
        per_model.setdefault(model, set()).add(severity)
    assert sum(len(severities) for severities in per_model.values()) < 80


def _source_contract(source_name: str, table_name: str) -> dict[str, Any]:
    """Return the contract of one source table as staging_contract() returns it."""
    for document in _yaml_files("*/_*__sources.yml"):
        for source in document.get("sources", []):
            if source["name"] != source_name:
                continue
            for table in source["tables"]:
                if table["name"] == table_name:
                    return {
                        "staging": table["config"]["meta"]["staging"],
                        "columns": [
                            {
                                "name": column["name"],
                                "data_type": column["data_type"],
                                "staging": column["config"]["meta"].get("staging", {}),
                            }
                            for column in table["columns"]
                        ],
                    }
    raise AssertionError(f"no source {source_name}.{table_name}")


def test_unit_test_contracts_equal_the_source_yaml() -> None:
    base_sources = {"base_crm__opportunities": ("crm", "opportunity")}
    base_sources["base_erp__invoices"] = ("erp", "invoice")
    checked = 0
    for document in _yaml_files("**/_*__models.yml"):
        for unit_test in document.get("unit_tests", []):
            macros = (unit_test.get("overrides") or {}).get("macros") or {}
            if "staging_contract" not in macros:
                continue
            assert unit_test["model"] in base_sources, unit_test["name"]
            assert macros["staging_contract"] == _source_contract(
                *base_sources[unit_test["model"]]
            ), unit_test["name"]
            checked += 1
    assert checked == len(base_sources)


def _dbt_test(work: Path, select: str) -> list[Any]:
    """Run `dbt test --select select` against work's DuckDB file; return dbt's results."""
    outcome = invoke_dbt(["test", "--select", select], dbt_env(work))
    assert outcome.result is not None, repr(outcome.exception)
    return [r for r in outcome.result.results if str(r.node.resource_type) == "test"]


def test_violated_rules_name_table_column_and_rule(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute("create schema staging")
        # user_id: one null, one value twice
        con.execute(
            "create table staging.stg_crm__users as"
            " select * from (values ('u1'), ('u1'), ('u2'), (null)) as t (user_id)"
        )
        # clean keys, one cost_type outside the picklist: a warning only
        con.execute(
            "create table staging.stg_erp__service_costs as select * from (values"
            " ('s1', 'consulting'), ('s2', 'gardening'), ('s3', null)"
            ") as t (service_cost_id, cost_type)"
        )
    results = _dbt_test(tmp_path, "stg_crm__users,test_name:table_rules")
    (users,) = results
    assert str(users.status) == "error"
    assert "table_rules failed on stg_crm__users" in users.message
    assert "user_id not_null (1 rows)" in users.message
    assert "user_id unique (1 rows)" in users.message

    results = _dbt_test(tmp_path, "stg_erp__service_costs,test_name:table_rules")
    by_severity = {str(r.node.config.severity).lower(): r for r in results}
    assert str(by_severity["error"].status) == "pass"
    assert str(by_severity["warn"].status) == "warn"
    assert by_severity["warn"].failures == 1
