"""`make report`: the text generator on hand-computed inputs, and the real page in a browser.

The page test copies the marts of the session's demo build into a file of its own (dbt keeps
its handle on the build file open in this process), writes the report from it, and opens it in
Debian's headless chromium with the network disabled: every chart must have rendered marks.
Chromium comes from `make install` / `make test` (Makefile target `chromium`); this test
installs nothing and fails, never skips, when it is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, Warehouse

from crm_kpi.report.cli import main
from crm_kpi.report.i18n import Formatter
from crm_kpi.report.text import Finding, did_tally, sentence

DE, EN = Formatter("de"), Formatter("en")


# ---------------------------------------------------------------- text generator


# The findings are (KPI label, unit, kpi_type, scope name, scope kind, before, after) plus the
# changes and tests the sentence reports; each case is one finding in one language.
LIVE_REGION_SIGNIFICANT_DID = Finding(
    *("Win rate", "percent", "mean", "Süd", "live", 24.0, 41.0),
    absolute_change=17.0,
    control_change=2.0,
    did_estimate=15.0,  # 17 − 2
    did_ci=(8.12, 21.88),
    is_did_significant_bh=True,
)
COMPANY_LOWER_IS_BETTER = Finding(
    *("First response time", "hours", "mean", "Company", "company", 8.11, 7.9),
    absolute_change=-0.21,
    change_ci=(-0.43, 0.01),
    is_change_significant_bh=False,
)
CONTROL_REGION_UNCHANGED = Finding(
    *("NPS", "score", "mean", "Ost", "control", 5.0, 5.0),
    absolute_change=0.0,
    change_ci=None,
    is_change_significant_bh=False,
)
LIVE_REGION_TOTAL = Finding(
    *("Won revenue", "eur", "total", "West", "live", 200_000.0, 250_000.0),
    absolute_change=50_000.0,
    relative_change=0.25,  # 50 000 / 200 000
    control_relative_change=0.1,
)
COMPANY_TOTAL = Finding(
    "Won revenue", "eur", "total", "Company", "company", 100.0, 150.0, 50.0, 0.5
)
MISSING_SIDE = Finding("Win rate", "percent", "mean", "Nord", "live", None, 30.0)


@pytest.mark.parametrize(
    ("finding", "fmt", "expected"),
    [
        pytest.param(
            LIVE_REGION_SIGNIFICANT_DID,
            EN,
            "Win rate rose from 24.0 % to 41.0 % in Süd; the control regions +2.0 points over the "
            "same months; difference +15.0 points (95 % CI +8.1 to +21.9), significant after "
            "correction for multiple comparisons.",
            id="live_region_mean_kpi_with_control_and_significant_did-en",
        ),
        pytest.param(
            LIVE_REGION_SIGNIFICANT_DID,
            DE,
            "Win rate stieg von 24,0 % auf 41,0 % in Süd; die Kontrollregionen im selben Zeitraum "
            "+2,0 Prozentpunkte; Differenz +15,0 Prozentpunkte (95 %-KI +8,1 bis +21,9), nach "
            "Korrektur für Mehrfachvergleiche signifikant.",
            id="live_region_mean_kpi_with_control_and_significant_did-de",
        ),
        pytest.param(
            COMPANY_LOWER_IS_BETTER,
            EN,
            "First response time fell from 8.1 h to 7.9 h company-wide; change −0.2 h "
            "(95 % CI −0.4 to +0.0), not significant after correction for multiple comparisons.",
            id="company_lower_is_better_not_significant_after_correction-en",
        ),
        pytest.param(
            CONTROL_REGION_UNCHANGED,
            DE,
            "NPS blieb bei 5,0 in der Kontrollregion Ost; Veränderung 0,0 Punkte, nach Korrektur "
            "für Mehrfachvergleiche nicht signifikant.",
            id="control_region_unchanged_value-de",
        ),
        pytest.param(
            LIVE_REGION_TOTAL,
            EN,
            "Won revenue rose from 200\u2009000 € to 250\u2009000 € (+25 %) in West; the control "
            "regions +10 %.",
            id="total_kpi_uses_relative_changes-en",
        ),
        pytest.param(
            COMPANY_TOTAL,
            EN,
            "Won revenue rose from 100 € to 150 € (+50 %) company-wide; totals are not tested for "
            "significance.",
            id="total_kpi_company_has_no_test-en",
        ),
        pytest.param(
            MISSING_SIDE,
            EN,
            "Win rate in Nord: no before/after comparison possible.",
            id="missing_side_says_no_comparison-en",
        ),
    ],
)
def test_sentence(finding: Finding, fmt: Formatter, expected: str) -> None:
    """The text generator's sentence for one finding in one language, word for word."""
    assert sentence(finding, fmt) == expected


# ---------------------------------------------------------------- the page in a browser


@pytest.fixture(scope="module")
def published(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the demo build's marts and baseline schemas (as the serving file has) to a file."""
    target = tmp_path_factory.mktemp("published") / "crm_kpi.duckdb"
    con = warehouse.connect()  # read-only, or dbt's in-process instance (see conftest)
    # a second file attached to the read-only instance would be read-only too: copy through Arrow
    with con, duckdb.connect(str(target)) as out:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in ('marts', 'baseline') and table_catalog = current_database()"
            " and table_type = 'BASE TABLE'"
        ).fetchall()
        for schema in ("marts", "baseline"):
            out.execute(f"create schema {schema}")
        for schema, name in tables:
            rows = con.execute(f"select * from {schema}.{name}").to_arrow_table()  # noqa: F841
            out.execute(f"create table {schema}.{name} as select * from rows")
    return target


def _dump_dom(page: Path) -> str:
    browser = shutil.which("chromium")
    if browser is None:
        pytest.fail("chromium is not installed: run `make install` (Makefile target chromium)")
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            # no network at all: every name resolves to nothing, every proxy request fails
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=socks5://127.0.0.1:9",
            "--virtual-time-budget=60000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.parametrize("lang", ["de", "en"])
def test_report_renders_every_chart_offline(published: Path, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "crm_verdict.html"
    assert main(["--warehouse", str(published), "--out", str(out), "--lang", lang]) == 0
    page = out.read_text(encoding="utf-8")
    # self-contained: nothing loaded from elsewhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert "<script src" not in page

    dom = _dump_dom(out)
    assert 'data-charts-done="true"' in dom, "the charts never finished rendering"
    assert 'data-charts-failed="0"' in dom
    containers = re.findall(
        r'<div class="chart[^"]*" id="(chart-[^"]+)"[^>]*data-rendered="([^"]+)"', dom
    )
    expected = re.findall(r'<div class="chart" id="(chart-[^"]+)"', page)
    assert len(expected) >= 16  # 6 headline KPIs x 2, ROI, cost vs budget, usage, quality
    assert sorted(chart_id for chart_id, _ in containers) == sorted(expected)
    assert all(state == "true" for _, state in containers), containers
    assert '<p class="chart-error"' not in dom
    # each container holds an svg with marks
    for chart_id in expected:
        start = dom.index(f'id="{chart_id}"')
        following = [dom.find(f'id="{other}"', start + 1) for other in expected]
        end = min([i for i in following if i > start] or [len(dom)])
        block = dom[start:end]
        assert "<svg" in block, chart_id
        assert re.search(r'class="mark-(line|rect|symbol|rule|text)', block), chart_id
        assert re.search(r'<path [^>]*d="M', block), chart_id


def test_report_text_and_markdown(published: Path, tmp_path: Path) -> None:
    out = tmp_path / "verdict.html"
    assert main(["--warehouse", str(published), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    summary = out.with_suffix(".md").read_text(encoding="utf-8")
    con = duckdb.connect(str(published), read_only=True)
    with con:
        labels = [
            r[0]
            for r in con.execute("select label_de from marts.dim_kpi where is_headline").fetchall()
        ]
        roi, did_roi = con.execute("select roi, did_roi from marts.fct_crm_roi").fetchone()
        as_of = con.execute("select max(data_as_of_date) from marts.dim_month").fetchone()[0]
    for label in labels:
        assert label in page and label in summary
    assert DE.number(roi, 1) in summary and DE.number(did_roi, 1) in summary
    assert as_of.isoformat() in page and as_of.isoformat() in summary
    assert "Kontrollregion Deutschland Ost" in page
    assert "Mehrfachvergleiche" in summary


def test_report_missing_warehouse_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crm_kpi.report", "--warehouse", str(tmp_path / "none.duckdb")],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "not found: run `make build` first" in result.stderr


def test_docs_demo_verdict_is_the_generated_excerpt(published: Path, tmp_path: Path) -> None:
    """docs/before_after.md quotes the report; a change of the numbers must update it."""
    doc = tmp_path / "before_after.md"
    shutil.copy(PROJECT_DIR / "docs" / "before_after.md", doc)
    out = tmp_path / "verdict.html"
    args = ["--warehouse", str(published), "--out", str(out), "--lang", "en"]
    assert main([*args, "--update-doc", str(doc)]) == 0
    assert doc.read_text(encoding="utf-8") == (PROJECT_DIR / "docs" / "before_after.md").read_text(
        encoding="utf-8"
    ), (
        "docs/before_after.md is stale: run make report "
        'REPORT_ARGS="--lang en --update-doc docs/before_after.md" on the demo build'
    )


def test_did_tally_sentence() -> None:
    assert did_tally("Win rate", 2, 5, EN) == (
        "Win rate against the control regions (DiD): significant after correction for "
        "multiple comparisons in 2 of 5 live regions."
    )
