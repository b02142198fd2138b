"""The extract gate (``python -m crm_kpi.gate``): demo seeds and bad user inputs.

No dbt here: the gate runs in-process through ``main()``. One full run over the demo seeds
checks that the planted row-level defects come out as warnings under their table and
rule; it also lands Parquet copies, the "earlier good landing" that every failing run
below must leave byte-for-byte unchanged. The bad inputs are small extracts built from the
generator's CSV output (``--scale 0.05``), checked with ``--tables`` so each case is fast.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import math
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from crm_kpi.contract import systems
from crm_kpi.gate import cli as validate_extracts

PROJECT_DIR = Path(__file__).resolve().parents[2]


@dataclass
class GateRun:
    """Exit code, console output and JSON report of one gate run."""

    code: int
    output: str
    report: dict

    def table(self, key: str) -> dict:
        return next(t for t in self.report["tables"] if t["table"] == key)

    def failing(self, key: str, severity: str) -> dict[str, dict]:
        return {
            c["rule"]: c
            for c in self.table(key)["checks"]
            if not c["passed"] and c["severity"] == severity
        }


def run_gate(args: list[str], report: Path, capsys: pytest.CaptureFixture[str]) -> GateRun:
    capsys.readouterr()
    code = validate_extracts.main([*args, "--report", str(report), "-q"])
    captured = capsys.readouterr()
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return GateRun(code, captured.out + captured.err, data)


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file below folder."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    return rows[0], rows[1:]


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generate a small full extract set (scale 0.05), falling back to a copy of the seeds."""
    out = tmp_path_factory.mktemp("generated")
    command = [sys.executable, "-m", "crm_kpi.demo_data", "--scale", "0.05", "--format", "csv"]
    result = subprocess.run(
        [*command, "--out", str(out)], cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        for system in systems():
            shutil.copytree(PROJECT_DIR / "seeds" / system, out / system, dirs_exist_ok=True)
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[GateRun, Path]:
    """One full gate run over the demo seeds that also lands Parquet copies."""
    folder = tmp_path_factory.mktemp("demo")
    landing = folder / "landing"
    report = folder / "extract_validation.json"
    code = validate_extracts.main(["--landing-dir", str(landing), "--report", str(report), "-q"])
    data = json.loads(report.read_text(encoding="utf-8"))
    return GateRun(code, "", data), landing


@pytest.fixture
def landing(demo: tuple[GateRun, Path], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Copy the good demo landing; return it with its fingerprint before the test's run."""
    copy = tmp_path / "landing"
    shutil.copytree(demo[1], copy)
    return copy, snapshot(copy)


# -- demo seeds -------------------------------------------------------------------------
def test_demo_seeds_pass_with_warnings_only(demo: tuple[GateRun, Path]) -> None:
    run, landing = demo
    assert run.code == 0
    assert run.report["status"] == "passed"
    assert run.report["blocking_count"] == 0
    assert run.report["warning_count"] > 0
    assert {t["severity"] for t in run.report["tables"]} <= {"ok", "warning"}
    assert {t["status"] for t in run.report["tables"]} == {"loaded"}
    assert len(run.report["tables"]) == 22
    assert (landing / "crm" / "opportunity.parquet").is_file()


def test_planted_defects_are_warnings_under_their_table_and_rule(
    demo: tuple[GateRun, Path],
) -> None:
    run, _ = demo
    oracle = json.loads((PROJECT_DIR / "seeds" / "planted_effects.json").read_text())
    planted: dict[tuple[str, str], set[str]] = {}
    for defect in oracle["planted_defects"]:
        planted.setdefault((defect["table"], defect["rule"]), set()).add(defect["id"])
    assert planted, "the generator plants row-level defects"
    for (table, rule), ids in planted.items():
        found = run.failing(table, "warning")
        assert rule in found, f"{table}: planted {rule} not reported, got {sorted(found)}"
        assert found[rule]["failing_rows"] == len(ids)
        assert set(found[rule]["examples"]) == ids


def test_documented_dirt_is_a_warning(demo: tuple[GateRun, Path]) -> None:
    run, _ = demo
    opportunity = run.failing("crm.opportunity", "warning")
    assert {"duplicate_id", "soft_deleted"} <= set(opportunity)


def test_landing_has_contract_types(demo: tuple[GateRun, Path]) -> None:
    _, landing = demo
    schema = pq.read_schema(landing / "crm" / "opportunity.parquet")
    types = {name: str(schema.field(name).type) for name in schema.names}
    assert types["close_date"] == "date32[day]"
    assert types["created_date"] == "timestamp[us]"
    assert types["amount"] == "double"
    assert types["is_won"] == "bool"
    assert types["id"] == "string"


# -- German Excel CSV: loads, values equal the clean file ------------------------------
def _land_one(
    extract_dir: Path, table: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[GateRun, Path]:
    landing = folder / "landing"
    args = ["--extract-dir", str(extract_dir), "--format", "csv", "--tables", table]
    run = run_gate([*args, "--landing-dir", str(landing)], folder / "report.json", capsys)
    return run, landing


def _german_number(text: str, thousands: bool) -> str:
    """'12345.50' -> '12.345,50' (thousands) or '12345,50'."""
    if not text:
        return text
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.partition(".")
    if thousands:
        whole = f"{int(whole):,}".replace(",", ".")
    return sign + whole + ("," + fraction if fraction else "")


def test_semicolon_decimal_comma_bom_csv_loads_like_the_clean_file(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = read_csv(generated / "crm" / "opportunity.csv")
    clean_dir, german_dir = tmp_path / "clean", tmp_path / "german"
    write_csv(clean_dir / "crm" / "opportunity.csv", header, rows)
    numeric = {header.index("amount"), header.index("probability")}
    german_rows = [
        [_german_number(v, thousands=n % 2 == 0) if i in numeric else v for i, v in enumerate(r)]
        for n, r in enumerate(rows)
    ]
    assert any("," in r[header.index("amount")] for r in german_rows)
    write_csv(
        german_dir / "crm" / "opportunity.csv",
        header,
        german_rows,
        delimiter=";",
        encoding="utf-8-sig",
    )
    clean, clean_landing = _land_one(clean_dir, "crm.opportunity", tmp_path / "a", capsys)
    german, german_landing = _land_one(german_dir, "crm.opportunity", tmp_path / "b", capsys)
    assert clean.code == 0, clean.output
    assert german.code == 0, german.output
    table = german.table("crm.opportunity")
    assert table["delimiter"] == ";"
    assert table["encoding"] == "utf-8-sig"
    assert set(table["decimal_comma_columns"]) == {"amount", "probability"}
    expected = pq.read_table(clean_landing / "crm" / "opportunity.parquet")
    actual = pq.read_table(german_landing / "crm" / "opportunity.parquet")
    assert actual.equals(expected)


def test_cp1252_csv_with_umlauts_loads_correctly(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = read_csv(generated / "crm" / "account.csv")
    names = ["Müller Präzisionstechnik GmbH", "Bäckerei Größl", "Österreichische Brücken AG"]
    for row, name in zip(rows, names, strict=False):
        row[header.index("name")] = name
    ansi_dir = tmp_path / "ansi"
    write_csv(ansi_dir / "crm" / "account.csv", header, rows, delimiter=";", encoding="cp1252")
    assert b"M\xfcller" in (ansi_dir / "crm" / "account.csv").read_bytes()
    run, landed = _land_one(ansi_dir, "crm.account", tmp_path / "run", capsys)
    assert run.code == 0, run.output
    assert run.table("crm.account")["encoding"] == "cp1252"
    landed_names = pq.read_table(landed / "crm" / "account.parquet").column("name").to_pylist()
    assert landed_names[:3] == names


# -- bad inputs: blocking, one clear line, earlier landing untouched -------------------
def _opportunity_case(
    generated: Path, folder: Path, edit: Callable[[list[str], list[list[str]]], None]
) -> Path:
    header, rows = read_csv(generated / "crm" / "opportunity.csv")
    edit(header, rows)
    write_csv(folder / "crm" / "opportunity.csv", header, rows)
    return folder


def _drop_column(name: str) -> Callable[[list[str], list[list[str]]], None]:
    def edit(header: list[str], rows: list[list[str]]) -> None:
        i = header.index(name)
        del header[i]
        for row in rows:
            del row[i]

    return edit


def _add_column(name: str) -> Callable[[list[str], list[list[str]]], None]:
    def edit(header: list[str], rows: list[list[str]]) -> None:
        header.append(name)
        for row in rows:
            row.append("0")

    return edit


def _set_value(column: str, row: int, value: str) -> Callable[[list[str], list[list[str]]], None]:
    def edit(header: list[str], rows: list[list[str]]) -> None:
        rows[row - 1][header.index(column)] = value

    return edit


def _header_only(header: list[str], rows: list[list[str]]) -> None:
    rows.clear()


BAD_CASES = {
    "missing_column": (
        _drop_column("probability"),
        "missing_column",
        ["required column 'probability' is missing", "add it to the export"],
    ),
    "ambiguous_header": (
        _add_column("StageName"),
        "duplicate_column",
        ["columns 'stage_name' and 'StageName' both mean 'stage_name'", "keep one"],
    ),
    "german_date": (
        _set_value("close_date", 17, "31.12.2025"),
        "invalid_date",
        [
            "column 'close_date' row 17: '31.12.2025' is not an ISO date (YYYY-MM-DD)",
            "export dates as ISO",
        ],
    ),
    "non_numeric_amount": (
        _set_value("amount", 5, "12.500 EUR"),
        "invalid_number",
        ["column 'amount' row 5: '12.500 EUR' is not a number", "no currency symbols"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_blocks_with_one_clear_line_and_keeps_the_landing(
    case: str,
    generated: Path,
    landing: tuple[Path, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    edit, rule, phrases = BAD_CASES[case]
    extract_dir = _opportunity_case(generated, tmp_path / "extracts", edit)
    landing_dir, before = landing
    args = ["--extract-dir", str(extract_dir), "--format", "csv", "--tables", "crm.opportunity"]
    run = run_gate([*args, "--landing-dir", str(landing_dir)], tmp_path / "r.json", capsys)
    assert run.code == 1
    assert run.report["status"] == "failed"
    blocking = run.failing("crm.opportunity", "blocking")
    assert rule in blocking, sorted(blocking)
    message = blocking[rule]["message"]
    assert "\n" not in message
    assert message.startswith(str(extract_dir / "crm" / "opportunity.csv") + ": ")
    for phrase in phrases:
        assert phrase in message
    assert message in run.output
    assert "Traceback" not in run.output
    assert snapshot(landing_dir) == before


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "the file is empty (0 bytes)"),
        (b"\r\n\r\n", "the file contains only blank space"),
        (b"id;invoice_id;payment_date;amount\r\n", "the file has a header but no data rows"),
    ],
)
def test_empty_file_is_a_warning_and_lands_zero_rows(
    content: bytes,
    phrase: str,
    landing: tuple[Path, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "extracts" / "erp" / "payment.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    landing_dir, before = landing
    args = ["--extract-dir", str(tmp_path / "extracts"), "--tables", "erp.payment"]
    run = run_gate([*args, "--landing-dir", str(landing_dir)], tmp_path / "r.json", capsys)
    assert run.code == 0, run.output
    table = run.table("erp.payment")
    assert (table["status"], table["rows"], table["severity"]) == ("empty", 0, "warning")
    message = run.failing("erp.payment", "warning")["table_empty"]["message"]
    assert message.startswith(f"{path}: {phrase}; erp.payment is treated as empty")
    assert message in run.output
    assert_zero_row_landing(landing_dir / "erp" / "payment.parquet", PAYMENT_TYPES)
    after = snapshot(landing_dir)
    assert {k for k in before if before[k] != after[k]} == {"erp/payment.parquet"}


def test_comma_decimal_in_comma_csv_blocks_and_a_missing_file_is_absent(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extract_dir = _opportunity_case(
        generated, tmp_path / "extracts", _set_value("probability", 3, "12,5")
    )
    args = ["--extract-dir", str(extract_dir), "--format", "csv"]
    run = run_gate([*args, "--tables", "crm.opportunity,crm.user"], tmp_path / "r.json", capsys)
    assert run.code == 1
    number = run.failing("crm.opportunity", "blocking")["invalid_number"]["message"]
    assert "column 'probability' row 3: '12,5'" in number
    assert "decimal comma is only accepted in semicolon-separated files" in number
    assert run.table("crm.user")["status"] == "absent"
    absent = run.failing("crm.user", "warning")["table_absent"]["message"]
    assert absent == (
        f"{extract_dir / 'crm' / 'user.csv'}: file not found; crm.user is treated as absent: "
        "landed with no rows, the KPIs that need it are not available"
    )
    assert not run.table("crm.user")["checks"][0]["passed"]


def test_good_partial_run_relands_only_its_table(
    generated: Path,
    landing: tuple[Path, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    landing_dir, before = landing
    args = ["--extract-dir", str(generated), "--format", "csv", "--tables", "erp.service_cost"]
    run = run_gate([*args, "--landing-dir", str(landing_dir)], tmp_path / "r.json", capsys)
    assert run.code == 0, run.output
    after = snapshot(landing_dir)
    changed = {k for k in before if before[k] != after.get(k)}
    assert changed == {"erp/service_cost.parquet"}
    assert not list(landing_dir.parent.glob(".landing.*")), "no temp dirs left behind"


# -- real customers' files: API names, extra / reordered / missing columns, partial sets -
PAYMENT_TYPES = {
    "id": "string",
    "invoice_id": "string",
    "payment_date": "date32[day]",
    "amount": "double",
}

#: Salesforce API names of crm.opportunity as Data Loader exports them.
OPPORTUNITY_API_NAMES = {
    "id": "Id",
    "account_id": "AccountId",
    "owner_id": "OwnerId",
    "name": "Name",
    "type": "Type",
    "stage_name": "StageName",
    "amount": "Amount",
    "currency_iso_code": "CurrencyIsoCode",
    "probability": "Probability",
    "created_date": "CreatedDate",
    "close_date": "CloseDate",
    "is_closed": "IsClosed",
    "is_won": "IsWon",
    "lead_id_c": "Lead_Id__c",
    "campaign_id": "CampaignId",
    "loss_reason_c": "Loss_Reason__c",
    "system_modstamp": "SystemModstamp",
    "is_deleted": "IsDeleted",
}


def assert_zero_row_landing(path: Path, types: dict[str, str]) -> None:
    """Assert the landed file has no rows and exactly the contract's columns and types."""
    landed = pq.read_table(path)
    assert landed.num_rows == 0
    assert landed.column_names == list(types)
    assert {f.name: str(f.type) for f in landed.schema} == types


def _reshape(
    header: list[str],
    rows: list[list[str]],
    order: list[str],
    rename: dict[str, str],
    extra: dict[str, str],
) -> tuple[list[str], list[list[str]]]:
    """Keep the columns in order (renamed), then append constant extra columns."""
    positions = [header.index(name) for name in order]
    new_header = [rename.get(name, name) for name in order] + list(extra)
    new_rows = [[row[i] for i in positions] + list(extra.values()) for row in rows]
    return new_header, new_rows


def _write_parquet(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write text columns as Parquet, the way a BI tool without a schema would."""
    import pyarrow as pa

    path.parent.mkdir(parents=True, exist_ok=True)
    columns = {name: [r[i] or None for r in rows] for i, name in enumerate(header)}
    pq.write_table(pa.table(columns), path)


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_api_names_reordered_and_extra_columns_land_like_the_clean_file(
    file_format: str, generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = read_csv(generated / "crm" / "opportunity.csv")
    clean_dir, api_dir = tmp_path / "clean", tmp_path / "api"
    write_csv(clean_dir / "crm" / "opportunity.csv", header, rows)
    extra = {"ForecastCategory": "Pipeline", "forecast_category": "x", "Description": "note"}
    api_header, api_rows = _reshape(header, rows, sorted(header), OPPORTUNITY_API_NAMES, extra)
    target = api_dir / "crm" / f"opportunity.{file_format}"
    if file_format == "csv":
        write_csv(target, api_header, api_rows)
    else:
        _write_parquet(target, api_header, api_rows)
    clean, clean_landing = _land_one(clean_dir, "crm.opportunity", tmp_path / "a", capsys)
    args = ["--extract-dir", str(api_dir), "--format", file_format, "--tables", "crm.opportunity"]
    api = run_gate([*args, "--landing-dir", str(tmp_path / "b")], tmp_path / "b.json", capsys)
    assert clean.code == 0, clean.output
    assert api.code == 0, api.output
    table = api.table("crm.opportunity")
    assert (table["status"], table["rows"]) == ("loaded", len(rows))
    assert table["extra_columns"] == list(extra)
    assert table["renamed_columns"] == {v: k for k, v in OPPORTUNITY_API_NAMES.items()}
    assert table["missing_optional_columns"] == []
    assert "StageName -> stage_name" in api.output
    assert "extra columns ignored: ForecastCategory, forecast_category, Description" in api.output
    expected = pq.read_table(clean_landing / "crm" / "opportunity.parquet")
    actual = pq.read_table(tmp_path / "b" / "crm" / "opportunity.parquet")
    assert actual.column_names == list(OPPORTUNITY_API_NAMES)
    assert actual.equals(expected)


def test_missing_optional_columns_land_as_typed_nulls_with_one_warning(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = read_csv(generated / "crm" / "opportunity.csv")
    kept = [name for name in header if name not in ("name", "loss_reason_c")]
    short_header, short_rows = _reshape(header, rows, kept, {}, {})
    write_csv(tmp_path / "x" / "crm" / "opportunity.csv", short_header, short_rows)
    run, landed_dir = _land_one(tmp_path / "x", "crm.opportunity", tmp_path / "run", capsys)
    assert run.code == 0, run.output
    table = run.table("crm.opportunity")
    assert table["missing_optional_columns"] == ["name", "loss_reason_c"]
    warning = run.failing("crm.opportunity", "warning")["missing_optional_column"]
    assert warning["message"] == (
        f"{tmp_path / 'x' / 'crm' / 'opportunity.csv'}: optional columns 'name', "
        "'loss_reason_c' not in the file; landed as NULL (no KPI needs them)"
    )
    assert run.output.count("optional columns 'name', 'loss_reason_c'") == 1
    landed = pq.read_table(landed_dir / "crm" / "opportunity.parquet")
    assert landed.column_names == list(OPPORTUNITY_API_NAMES)
    assert landed.num_rows == len(rows)
    assert str(landed.schema.field("loss_reason_c").type) == "string"
    assert landed.column("name").null_count == len(rows)
    assert landed.column("loss_reason_c").null_count == len(rows)
    assert landed.column("id").to_pylist() == [r[header.index("id")] for r in rows]


CRM_ONLY = ("user", "account", "opportunity", "opportunity_history")


@pytest.fixture
def catalogue_project(tmp_path: Path) -> Path:
    """Build a project dir with the real contract and a catalogue with source_tables."""
    project = tmp_path / "project"
    for source in (PROJECT_DIR / "models" / "staging").glob("*/_*__sources.yml"):
        target = project / source.relative_to(PROJECT_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    catalogue = project / "seeds" / "catalogue" / "kpi_catalogue.csv"
    catalogue.parent.mkdir(parents=True)
    write_csv(
        catalogue,
        ["kpi_code", "family", "source_tables"],
        [
            ["win_rate", "pipeline", "crm.opportunity crm.opportunity_history"],
            ["csat_satisfied_rate", "satisfaction", "crm.case crm.account"],
            ["avg_days_to_payment", "payments", "erp.invoice erp.payment crm.account"],
            ["employee_nps", "employee_satisfaction", ""],
        ],
    )
    return project


def test_crm_only_company_passes_lands_every_table_and_names_missing_kpis(
    generated: Path,
    catalogue_project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    extracts = tmp_path / "extracts"
    (extracts / "crm").mkdir(parents=True)
    for name in CRM_ONLY:
        shutil.copy(generated / "crm" / f"{name}.csv", extracts / "crm" / f"{name}.csv")
    landing_dir = tmp_path / "landing"
    args = ["--extract-dir", str(extracts), "--project-dir", str(catalogue_project)]
    run = run_gate([*args, "--landing-dir", str(landing_dir)], tmp_path / "r.json", capsys)
    assert run.code == 0, run.output
    assert run.report["blocking_count"] == 0
    statuses = {t["table"]: t["status"] for t in run.report["tables"]}
    assert len(statuses) == 22
    assert {k for k, v in statuses.items() if v == "loaded"} == {f"crm.{n}" for n in CRM_ONLY}
    assert set(statuses.values()) == {"loaded", "absent"}
    landed = sorted(str(p.relative_to(landing_dir)) for p in landing_dir.rglob("*.parquet"))
    assert landed == sorted(f"{t.replace('.', '/')}.parquet" for t in statuses)
    assert_zero_row_landing(landing_dir / "erp" / "payment.parquet", PAYMENT_TYPES)
    for name in CRM_ONLY:
        _, rows = read_csv(generated / "crm" / f"{name}.csv")
        assert pq.read_table(landing_dir / "crm" / f"{name}.parquet").num_rows == len(rows)
    kpis = run.report["kpis"]
    assert kpis["available"] == ["win_rate"]
    assert kpis["not_available"] == [
        {"kpi_code": "csat_satisfied_rate", "missing": ["crm.case"]},
        {"kpi_code": "avg_days_to_payment", "missing": ["erp.invoice", "erp.payment"]},
    ]
    assert kpis["without_source_tables"] == ["employee_nps"]
    assert (
        "KPIs not available: csat_satisfied_rate (missing crm.case), "
        "avg_days_to_payment (missing erp.invoice, erp.payment)" in run.output
    )


# -- issue 14: implausible values, blank ids, versions tied on system_modstamp ---------
def test_implausible_numbers_and_dates_and_blank_ids_are_warnings_and_land_as_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["ZA-1", "RE-1", "2024-03-01", "100.50"],
        ["ZA-2", "RE-1", "2024-03-02", "inf"],
        ["ZA-3", "RE-1", "2024-03-03", "NaN"],
        ["ZA-4", "RE-1", "2024-03-04", "1e309"],
        ["ZA-5", "RE-1", "2024-03-05", "-2000000000000"],
        ["ZA-6", "RE-1", "2024-03-06", "1000000000000"],
        ["ZA-7", "RE-1", "1899-12-31", "1"],
        ["ZA-8", "RE-1", "9999-12-31", "2"],
        ["ZA-9", "RE-1", "2099-12-31", "3"],
        ["   ", "RE-1", "2024-03-07", "4"],
        ["", "RE-1", "2024-03-08", ""],
    ]
    write_csv(tmp_path / "x" / "erp" / "payment.csv", list(PAYMENT_TYPES), rows)
    args = ["--extract-dir", str(tmp_path / "x"), "--tables", "erp.payment"]
    run = run_gate([*args, "--landing-dir", str(tmp_path / "l")], tmp_path / "r.json", capsys)
    assert run.code == 0, run.output
    warnings = run.failing("erp.payment", "warning")
    number = warnings["implausible_number"]
    assert (number["failing_rows"], number["examples"]) == (4, ["ZA-2", "ZA-3", "ZA-4", "ZA-5"])
    assert (
        "column 'amount': 4 rows with a number that is not finite or beyond +-1e12"
        in (number["message"])
    )
    assert (
        "e.g. row 2 (ZA-2): 'inf'; staging quarantines them (implausible_number)"
        in (number["message"])
    )
    date = warnings["implausible_date"]
    assert (date["failing_rows"], date["examples"]) == (2, ["ZA-7", "ZA-8"])
    missing = warnings["missing_id"]
    assert (missing["failing_rows"], missing["examples"]) == (2, ["row 10", "row 11"])
    landed = pq.read_table(tmp_path / "l" / "erp" / "payment.parquet").to_pylist()
    amounts = [r["amount"] for r in landed]
    assert amounts[0] == 100.5
    assert amounts[1] == math.inf and amounts[3] == math.inf
    assert math.isnan(amounts[2])
    assert amounts[4:6] == [-2e12, 1e12]
    assert amounts[10] is None
    assert [r["payment_date"] for r in landed[6:9]] == [
        datetime.date(1899, 12, 31),
        datetime.date(9999, 12, 31),
        datetime.date(2099, 12, 31),
    ]
    assert [r["id"] for r in landed[9:]] == ["   ", None]


def test_versions_tied_on_system_modstamp_with_different_values_are_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ["id", "user_id", "login_time", "status", "application", "system_modstamp"]
    rows = [
        # two versions at the same latest modstamp, different status: a conflict
        ["L1", "U1", "2024-03-01 08:00:00", "Success", "Browser", "2024-03-01 09:00:00"],
        ["L1", "U1", "2024-03-01 08:00:00", "Invalid Password", "Browser", "2024-03-01 09:00:00"],
        ["L1", "U1", "2024-03-01 08:00:00", "Success", "Browser", "2024-02-01 09:00:00"],
        # exact repeat at the same modstamp: a duplicate, not a conflict
        ["L2", "U1", "2024-03-02 08:00:00", "Success", "Browser", "2024-03-02 09:00:00"],
        ["L2", "U1", "2024-03-02 08:00:00", "Success", "Browser", "2024-03-02 09:00:00"],
        # tie on an older modstamp only: the latest version decides, no conflict
        ["L3", "U2", "2024-03-03 08:00:00", "Success", "Browser", "2024-03-03 09:00:00"],
        ["L3", "U2", "2024-03-03 08:00:00", "Failed", "Browser", "2024-03-03 09:00:00"],
        ["L3", "U2", "2024-03-03 08:00:00", "Success", "Mobile", "2024-03-04 09:00:00"],
    ]
    write_csv(tmp_path / "x" / "crm" / "login_history.csv", header, rows)
    args = ["--extract-dir", str(tmp_path / "x"), "--tables", "crm.login_history"]
    run = run_gate(args, tmp_path / "r.json", capsys)
    assert run.code == 0, run.output
    conflict = run.failing("crm.login_history", "warning")["conflicting_versions_same_modstamp"]
    assert (conflict["failing_rows"], conflict["examples"]) == (2, ["L1"])
    assert conflict["message"] == (
        f"{tmp_path / 'x' / 'crm' / 'login_history.csv'}: 1 ids have versions with the same "
        "system_modstamp but different values (2 rows, e.g. L1); staging keeps the version whose "
        "row has the smallest md5 (conflicting_versions_same_modstamp), the build goes on"
    )
    assert run.table("crm.login_history")["missing_optional_columns"] == ["is_deleted"]


def test_utf16_tab_separated_excel_text_with_api_names_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Id\tInvoiceId\tPaymentDate\tAmount\tNote\r\n"
        "ZA-1\tRE-1\t2024-03-01\t1.234,50\tÜberweisung\r\n"
        "\r\n"
        "ZA-2\tRE-1\t2024-03-02\t12,5\tx\r\n"
    )
    path = tmp_path / "x" / "erp" / "payment.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("utf-16"))
    args = ["--extract-dir", str(tmp_path / "x"), "--tables", "erp.payment"]
    run = run_gate([*args, "--landing-dir", str(tmp_path / "l")], tmp_path / "r.json", capsys)
    assert run.code == 0, run.output
    table = run.table("erp.payment")
    assert (table["encoding"], table["delimiter"], table["rows"]) == ("utf-16", "\t", 2)
    assert table["decimal_comma_columns"] == ["amount"]
    assert table["extra_columns"] == ["Note"]
    assert table["renamed_columns"] == {
        "Id": "id",
        "InvoiceId": "invoice_id",
        "PaymentDate": "payment_date",
        "Amount": "amount",
    }
    assert pq.read_table(tmp_path / "l" / "erp" / "payment.parquet").to_pylist() == [
        {
            "id": "ZA-1",
            "invoice_id": "RE-1",
            "payment_date": datetime.date(2024, 3, 1),
            "amount": 1234.5,
        },
        {
            "id": "ZA-2",
            "invoice_id": "RE-1",
            "payment_date": datetime.date(2024, 3, 2),
            "amount": 12.5,
        },
    ]
