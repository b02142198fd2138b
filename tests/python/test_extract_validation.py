"""The extract gate (scripts/validate_extracts.py): demo seeds and bad user inputs.

No dbt here: the gate runs in-process through ``main()``. One full run over the demo seeds
checks that the planted row-level defects come out as warnings under their table and
rule; it also lands Parquet copies, the "earlier good landing" that every failing run
below must leave byte-for-byte unchanged. The bad inputs are small extracts built from the
generator's CSV output (``--scale 0.05``), checked with ``--tables`` so each case is fast.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCRIPTS_DIR = PROJECT_DIR / "scripts"
if str(SCRIPTS_DIR) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_DIR))

import validate_extracts  # noqa: E402


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
    generator = SCRIPTS_DIR / "generate_demo_data.py"
    command = [sys.executable, str(generator), "--scale", "0.05", "--format", "csv"]
    result = subprocess.run(
        [*command, "--out", str(out)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        for system in ("crm", "erp", "survey", "hr", "finance"):
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
    assert {t["status"] for t in run.report["tables"]} <= {"ok", "warning"}
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
        ["column 'probability' is missing", "add it to the export"],
    ),
    "extra_column": (
        _add_column("discount_c"),
        "unexpected_column",
        ["column 'discount_c' not in the contract", "remove it from the export"],
    ),
    "header_only": (
        _header_only,
        "no_rows",
        ["the file has a header but no data rows"],
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
    [(b"", "the file is empty (0 bytes)"), (b"\r\n\r\n", "the file contains only blank space")],
)
def test_empty_file_blocks_and_keeps_the_landing(
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
    assert run.code == 1
    message = run.failing("erp.payment", "blocking")["empty_file"]["message"]
    assert message.startswith(f"{path}: {phrase}")
    assert message in run.output
    assert snapshot(landing_dir) == before


def test_missing_file_and_comma_decimal_in_comma_csv_block(
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
    missing = run.failing("crm.user", "blocking")["file_missing"]["message"]
    assert (
        missing
        == f"{extract_dir / 'crm' / 'user.csv'}: file not found; export crm.user to this path"
    )


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
