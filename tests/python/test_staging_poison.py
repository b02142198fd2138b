"""Poisoned extracts never reach the marts and never stop the build (issue 14, item 5).

A small Parquet extract set (0.1 × the demo volume, python -m crm_kpi.demo_data) gets a few
rows edited with DuckDB: amounts of 1e308, 1e309 (inf once typed), NaN and 1e13, an integer
score of 1e13, dates in 1800 and 9999, ids that are '' or whitespace only, and two versions of
one opportunity with the same id and system_modstamp but different content. The whole project
is then built on it (`dbt seed` of the reference data, `dbt build`) with real dbt and DuckDB.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import Warehouse, build_warehouse, generate_extracts

BLANK_ID_NAME = "poison: blank id"
TIE_NAME = "poison: same modstamp, other content"


@dataclass(frozen=True)
class Poisoned:
    """The built warehouse, the extract folder and the ids whose rows were edited."""

    warehouse: Warehouse
    extracts: Path
    work: Path
    expected_rules: dict[str, dict[str, str]]  # qrn model -> {id: quarantine_rule}
    tie_id: str


def _clean_ids(con: duckdb.DuckDBPyConnection, path: Path, n: int, where: str = "true") -> list:
    """Return the first n ids (sorted) that occur once, are not deleted and match where."""
    deleted = "and not coalesce(is_deleted, false)" if "is_deleted" in _columns(con, path) else ""
    rows = con.execute(
        f"select id from read_parquet('{path}') where {where} {deleted} and id in ("
        f"  select id from read_parquet('{path}') group by id having count(*) = 1"
        f") order by id limit {n}"
    ).fetchall()
    assert len(rows) == n, f"{path}: not enough clean ids"
    return [row[0] for row in rows]


def _columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    return [
        row[0] for row in con.execute(f"describe select * from read_parquet('{path}')").fetchall()
    ]


def _rewrite(con: duckdb.DuckDBPyConnection, path: Path, select_sql: str) -> None:
    """Replace a Parquet file by select_sql over its rows (relation `raw`), keeping its types."""
    tmp = path.with_suffix(".tmp.parquet")
    con.execute(f"create or replace temp view raw as select * from read_parquet('{path}')")
    con.execute(f"copy ({select_sql}) to '{tmp}' (format parquet)")
    tmp.replace(path)


def _poison(extracts: Path) -> tuple[dict[str, dict[str, str]], str]:
    """Edit the extract files in place; return the expected quarantine rules and the tie id."""
    expected: dict[str, dict[str, str]] = {}
    con = duckdb.connect()

    # crm.opportunity: numbers, dates, blank ids and a modstamp tie
    path = extracts / "crm" / "opportunity.parquet"
    big, ovf, nan, e13, y9999, y1800, blank, spaces, tie = _clean_ids(con, path, 9)
    _rewrite(
        con,
        path,
        f"""
        select * replace (
            case when id = '{blank}' then '' when id = '{spaces}' then chr(9) || '  '
                 else id end as id,
            case when id in ('{blank}', '{spaces}') then '{BLANK_ID_NAME}' else name end as name,
            case id when '{big}' then 1e308 when '{ovf}' then cast('1e309' as double)
                    when '{nan}' then cast('nan' as double) when '{e13}' then 1e13
                    else amount end as amount,
            case id when '{y9999}' then date '9999-12-31' when '{y1800}' then date '1800-06-30'
                    else close_date end as close_date
        )
        from raw
        union all
        select * replace ('{TIE_NAME}' as name, amount + 1 as amount) from raw where id = '{tie}'
        """,
    )
    expected["qrn_crm__opportunities"] = {
        big: "implausible_number",
        ovf: "implausible_number",
        nan: "implausible_number",
        e13: "implausible_number",
        y9999: "implausible_date",
        y1800: "implausible_date",
    }

    # erp.invoice: a 1e308 net amount (inf once summed), an inf gross, dates out of range
    path = extracts / "erp" / "invoice.parquet"
    big, ovf, y9999, y1800 = _clean_ids(con, path, 4, "not is_credit_note")
    _rewrite(
        con,
        path,
        f"""
        select * replace (
            case id when '{big}' then 1e308 else net_amount end as net_amount,
            case id when '{big}' then 1e308 when '{ovf}' then cast('inf' as double)
                    else gross_amount end as gross_amount,
            case id when '{y9999}' then date '9999-12-31' when '{y1800}' then date '1800-01-01'
                    else invoice_date end as invoice_date
        )
        from raw
        """,
    )
    expected["qrn_erp__invoices"] = {
        big: "implausible_number",
        ovf: "implausible_number",
        y9999: "implausible_date",
        y1800: "implausible_date",
    }

    # erp.payment: an amount of -1e309 (-inf)
    path = extracts / "erp" / "payment.parquet"
    (neg_inf,) = _clean_ids(con, path, 1)
    _rewrite(
        con,
        path,
        f"select * replace (case id when '{neg_inf}' then cast('-1e309' as double)"
        f" else amount end as amount) from raw",
    )
    expected["qrn_erp__payments"] = {neg_inf: "implausible_number"}

    # survey.nps_response: an integer score of 1e13 (beyond int32: implausible, not invalid)
    path = extracts / "survey" / "nps_response.parquet"
    (huge_score,) = _clean_ids(con, path, 1)
    _rewrite(
        con,
        path,
        f"select * replace (case id when '{huge_score}' then 10000000000000"
        f" else score end as score) from raw",
    )
    expected["qrn_survey__nps_responses"] = {huge_score: "implausible_number"}
    con.close()
    return expected, tie


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Poisoned:
    """Generate, poison and build; the build itself must pass (run_dbt fails the test if not)."""
    work = tmp_path_factory.mktemp("poison")
    extracts = work / "extracts"
    generate_extracts(extracts, 0.1)
    expected, tie = _poison(extracts)
    warehouse = build_warehouse(
        work, CRM_KPI_EXTRACT_DIR=str(extracts), CRM_KPI_EXTRACT_FORMAT="parquet"
    )
    return Poisoned(warehouse, extracts, work, expected, tie)


def test_no_inf_or_nan_in_the_kpi_fact(poisoned: Poisoned) -> None:
    non_finite = poisoned.warehouse.scalar(
        "select count(*) from marts.fct_kpi_monthly where not ("
        " coalesce(isfinite(numerator), true) and coalesce(isfinite(denominator), true)"
        " and coalesce(isfinite(sum_sq), true) and coalesce(isfinite(value), true))"
    )
    assert non_finite == 0
    assert poisoned.warehouse.scalar("select count(*) from marts.fct_kpi_monthly") > 0


def test_no_poisoned_value_is_staged(poisoned: Poisoned) -> None:
    wh = poisoned.warehouse
    assert (
        wh.scalar(
            "select count(*) from staging.stg_crm__opportunities"
            " where not isfinite(amount) or abs(amount) > 1e12 or close_date > date '2099-12-31'"
            " or close_date < date '1900-01-01'"
        )
        == 0
    )
    assert (
        wh.scalar(
            "select count(*) from staging.stg_erp__invoices"
            " where not isfinite(net_amount) or not isfinite(gross_amount)"
            " or abs(gross_amount) > 1e12 or invoice_date > date '2099-12-31'"
        )
        == 0
    )


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("qrn_crm__opportunities", "opportunity_id"),
        ("qrn_erp__invoices", "invoice_id"),
        ("qrn_erp__payments", "payment_id"),
        ("qrn_survey__nps_responses", "nps_response_id"),
    ],
)
def test_poisoned_rows_are_quarantined_under_the_right_rule(
    poisoned: Poisoned, model: str, key: str
) -> None:
    expected = poisoned.expected_rules[model]
    ids = ", ".join(f"'{i}'" for i in expected)
    got = dict(
        poisoned.warehouse.query(
            f"select {key}, quarantine_rule from quarantine.{model} where {key} in ({ids})"
        )
    )
    assert got == expected


def test_quarantine_keeps_the_original_values(poisoned: Poisoned) -> None:
    amounts = [
        row[0]
        for row in poisoned.warehouse.query(
            "select amount from quarantine.qrn_crm__opportunities"
            " where quarantine_rule = 'implausible_number' order by opportunity_id"
        )
    ]
    assert 1e308 in amounts
    assert math.inf in amounts
    assert any(math.isnan(a) for a in amounts)


def test_blank_and_whitespace_ids_are_missing_ids(poisoned: Poisoned) -> None:
    rows = poisoned.warehouse.query(
        "select opportunity_id, quarantine_rule, json_extract_string(source_row_json, '$.id')"
        " from quarantine.qrn_crm__opportunities"
        f" where json_extract_string(source_row_json, '$.name') = '{BLANK_ID_NAME}'"
        " order by 3"
    )
    assert rows == [(None, "missing_id", ""), (None, "missing_id", "\t  ")]


def test_modstamp_tie_keeps_the_smallest_row_hash(poisoned: Poisoned) -> None:
    rows = poisoned.warehouse.query(
        "select row_disposition, source_row_hash from staging_base.base_crm__opportunities"
        " where opportunity_id = ? order by source_row_hash",
        [poisoned.tie_id],
    )
    assert [row[0] for row in rows] == ["staged", "duplicate_version"]
    staged_hash = poisoned.warehouse.scalar(
        "select source_row_hash from staging_base.base_crm__opportunities"
        " where opportunity_id = ? and row_disposition = 'staged'",
        [poisoned.tie_id],
    )
    assert staged_hash == rows[0][1]


def test_raw_duplicate_is_a_warning_not_an_error(poisoned: Poisoned) -> None:
    results = json.loads((poisoned.work / "target" / "run_results.json").read_text())["results"]
    unique_version = {
        r["unique_id"]: r
        for r in results
        if r["unique_id"].startswith("test.crm_kpi.source_unique_version_crm_opportunity_id")
    }
    assert len(unique_version) == 1
    (result,) = unique_version.values()
    assert result["status"] == "warn"
    assert result["failures"] == 1
    assert not [r["unique_id"] for r in results if r["status"] in ("error", "fail", "skipped")]


def test_row_audit_reconciles_with_the_files(poisoned: Poisoned) -> None:
    audit = {
        row[0]: row[1:]
        for row in poisoned.warehouse.query(
            "select source_table, raw_row_count, staged_row_count, duplicate_version_row_count,"
            " soft_deleted_row_count, quarantined_row_count from marts.fct_extract_row_audit"
        )
    }
    files = sorted(poisoned.extracts.glob("*/*.parquet"))
    assert {f"{p.parent.name}.{p.stem}" for p in files} == set(audit)
    for path in files:
        raw, staged, duplicates, deleted, quarantined = audit[f"{path.parent.name}.{path.stem}"]
        assert raw == pq.ParquetFile(path).metadata.num_rows, path
        assert raw == staged + duplicates + deleted + quarantined, path
