"""Staging loses nothing: every raw row is classified once, planted defects land in quarantine.

Runs against the session warehouse (tests/python/conftest.py): a real `dbt seed` + `dbt build`
of the demo data into a temporary DuckDB file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, Warehouse

DISPOSITIONS = ("staged", "duplicate_version", "soft_deleted", "quarantined")
PII_COLUMNS = ("name", "email", "phone", "first_name", "last_name", "comment")
PLANTED_EFFECTS = PROJECT_DIR / "seeds" / "planted_effects.json"

# source table -> (system, entity of base_/stg_/qrn_<system>__<entity>, primary key)
STAGING_TABLES: dict[str, tuple[str, str, str]] = {
    "crm.user": ("crm", "users", "user_id"),
    "crm.account": ("crm", "accounts", "account_id"),
    "crm.contact": ("crm", "contacts", "contact_id"),
    "crm.lead": ("crm", "leads", "lead_id"),
    "crm.opportunity": ("crm", "opportunities", "opportunity_id"),
    "crm.opportunity_history": ("crm", "opportunity_history", "opportunity_history_id"),
    "crm.task": ("crm", "tasks", "task_id"),
    "crm.event": ("crm", "events", "event_id"),
    "crm.campaign": ("crm", "campaigns", "campaign_id"),
    "crm.campaign_member": ("crm", "campaign_members", "campaign_member_id"),
    "crm.case": ("crm", "cases", "case_id"),
    "crm.case_milestone": ("crm", "case_milestones", "case_milestone_id"),
    "crm.contract": ("crm", "contracts", "contract_id"),
    "crm.login_history": ("crm", "login_history", "login_id"),
    "erp.invoice": ("erp", "invoices", "invoice_id"),
    "erp.payment": ("erp", "payments", "payment_id"),
    "erp.service_cost": ("erp", "service_costs", "service_cost_id"),
    "survey.nps_response": ("survey", "nps_responses", "nps_response_id"),
    "hr.pulse_response": ("hr", "pulse_responses", "pulse_response_id"),
    "finance.crm_cost": ("finance", "crm_costs", "crm_cost_id"),
    "finance.crm_budget": ("finance", "crm_budgets", "crm_budget_id"),
    "finance.crm_milestone": ("finance", "crm_milestones", "crm_milestone_id"),
}


def _audit(warehouse: Warehouse) -> dict[str, tuple[int, int, int, int, int]]:
    rows = warehouse.query(
        "select source_table, raw_row_count, staged_row_count, duplicate_version_row_count,"
        " soft_deleted_row_count, quarantined_row_count from marts.fct_extract_row_audit"
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def test_every_source_table_is_audited(warehouse: Warehouse) -> None:
    assert set(_audit(warehouse)) == set(STAGING_TABLES)


@pytest.mark.parametrize("source_table", sorted(STAGING_TABLES))
def test_raw_rows_reconcile(warehouse: Warehouse, source_table: str) -> None:
    system, table = source_table.split(".")
    raw_rows = warehouse.scalar(f'select count(*) from raw_{system}."{table}"')
    audited_raw, staged, duplicate, deleted, quarantined = _audit(warehouse)[source_table]
    assert audited_raw == raw_rows
    assert raw_rows == staged + duplicate + deleted + quarantined


@pytest.mark.parametrize("source_table", sorted(STAGING_TABLES))
def test_every_row_has_exactly_one_disposition(warehouse: Warehouse, source_table: str) -> None:
    system, entity, _ = STAGING_TABLES[source_table]
    base = f"staging_base.base_{system}__{entity}"
    counts = dict(warehouse.query(f"select row_disposition, count(*) from {base} group by 1"))
    assert set(counts) <= set(DISPOSITIONS), counts
    raw_rows = warehouse.scalar(f'select count(*) from raw_{system}."{source_table.split(".")[1]}"')
    assert sum(counts.values()) == raw_rows
    # quarantine_rule is set exactly for quarantined rows
    mismatched = warehouse.scalar(
        f"select count(*) from {base}"
        " where (row_disposition = 'quarantined') != (quarantine_rule is not null)"
    )
    assert mismatched == 0
    quarantined = warehouse.scalar(f"select count(*) from quarantine.qrn_{system}__{entity}")
    assert quarantined == counts.get("quarantined", 0)


def test_every_disposition_is_counted(warehouse: Warehouse) -> None:
    """The demo extracts contain each kind of dirt, so each disposition occurs somewhere."""
    seen = {
        row[0]
        for row in warehouse.query(
            "select distinct row_disposition from intermediate.int_extract_row_dispositions"
        )
    }
    assert seen == set(DISPOSITIONS)


@pytest.mark.parametrize("source_table", sorted(STAGING_TABLES))
def test_staged_ids_are_unique(warehouse: Warehouse, source_table: str) -> None:
    system, entity, key = STAGING_TABLES[source_table]
    n_rows, n_ids, n_null = warehouse.query(
        f"select count(*), count(distinct {key}), count(*) - count({key})"
        f" from staging.stg_{system}__{entity}"
    )[0]
    assert n_null == 0
    assert n_rows == n_ids


def _planted_defects() -> list[dict[str, str]]:
    if not PLANTED_EFFECTS.exists():
        pytest.skip(f"{PLANTED_EFFECTS.name} not generated")
    effects = json.loads(Path(PLANTED_EFFECTS).read_text())
    defects = effects.get("planted_defects", []) if isinstance(effects, dict) else []
    if not defects:
        pytest.skip("no planted_defects in planted_effects.json")
    return defects


def test_planted_defects_are_quarantined_with_their_rule(warehouse: Warehouse) -> None:
    missing = []
    for defect in _planted_defects():
        system, entity, key = STAGING_TABLES[defect["table"]]
        qrn = f"quarantine.qrn_{system}__{entity}"
        if defect.get("id") in (None, ""):
            found = warehouse.scalar(
                f"select count(*) from {qrn} where {key} is null and quarantine_rule = ?",
                [defect["rule"]],
            )
        else:
            found = warehouse.scalar(
                f"select count(*) from {qrn} where {key} = ? and quarantine_rule = ?",
                [str(defect["id"]), defect["rule"]],
            )
        if not found:
            rules = warehouse.query(
                f"select row_disposition, quarantine_rule from staging_base.base_{system}__{entity}"
                f" where {key} = ?",
                [str(defect.get("id"))],
            )
            missing.append(
                f"{defect['table']} {defect.get('id')}: want {defect['rule']}, got {rules}"
            )
    assert not missing, "\n".join(missing)


def test_no_pii_column_outside_raw_and_quarantine(warehouse: Warehouse) -> None:
    placeholders = ", ".join("?" for _ in PII_COLUMNS)
    leaks = warehouse.query(
        "select table_schema, table_name, column_name from information_schema.columns"
        " where table_schema not like 'raw%' and table_schema != 'quarantine'"
        f" and lower(column_name) in ({placeholders})",
        list(PII_COLUMNS),
    )
    assert leaks == []


def test_rep_names_are_the_only_personal_data_in_the_marts(warehouse: Warehouse) -> None:
    # Deliberate exception to "PII stays in the raw layer": a rep's name is shown (a "top reps"
    # chart needs it) as staging user_name and dim_rep.rep_name; e-mails and phones never.
    personal = warehouse.query(
        "select table_schema, table_name, column_name from information_schema.columns"
        " where table_schema not like 'raw%' and table_schema != 'quarantine'"
        " and (lower(column_name) like '%email%' or lower(column_name) like '%phone%'"
        " or lower(column_name) like '%first_name%' or lower(column_name) like '%last_name%'"
        " or lower(column_name) in ('user_name', 'rep_name'))"
        " order by all"
    )
    assert personal == [
        ("marts", "dim_rep", "rep_name"),
        ("staging", "stg_crm__users", "user_name"),
        ("staging_base", "base_crm__users", "user_name"),
    ]
    raw_users = warehouse.query('select id, trim(name), email from raw_crm."user"')
    names = dict(warehouse.query("select rep_id, rep_name from marts.dim_rep"))
    emails = {email for _, _, email in raw_users if email}
    assert names and emails
    assert not emails & set(names.values())
    assert not [n for n in names.values() if n is not None and "@" in n]
    raw_names = {user_id.strip(): name for user_id, name, _ in raw_users if user_id}
    assert {rep_id: raw_names[rep_id] for rep_id in names} == names
