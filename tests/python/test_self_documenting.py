"""The product documents itself: no file in the repository sends a reader outside it.

Users get this repository only, so README, docs/, YAML, SQL, dbt_project.yml and Python must
not point at the engineers' folder next to the checkout; docs/spec.md states the contract.
Analyses are compiled by name (`dbt compile --select scorecard`): the `analysis:` method
does not exist in dbt, so no document may recommend it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".git", ".venv", "warehouse", "target", "logs", "dbt_packages", "__pycache__"}
SUFFIXES = {".md", ".yml", ".yaml", ".sql", ".py", ".toml", ".txt", ".cfg"}
OUTSIDE_LINK = re.compile(r"\.\./shared|/work/shared|shared/spec")
THIS_FILE = Path(__file__).resolve()


def _product_files() -> list[Path]:
    """Every text file of the product (skips build output, the venv and git metadata)."""
    files = []
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file() and (path.suffix in SUFFIXES or path.name == "Makefile"):
            files.append(path)
    return sorted(files)


def test_product_files_found() -> None:
    """The scan sees the README, the spec page and dbt_project.yml (guards an empty scan)."""
    names = {p.relative_to(ROOT).as_posix() for p in _product_files()}
    assert {"README.md", "docs/spec.md", "dbt_project.yml"} <= names


@pytest.mark.parametrize("pattern", [OUTSIDE_LINK, re.compile(r"--select\s+analysis:")])
def test_no_reference_outside_the_product(pattern: re.Pattern[str]) -> None:
    """No product file links to ../shared, and none uses the non-existent analysis: selector."""
    hits = []
    for path in _product_files():
        if path.resolve() == THIS_FILE:
            continue
        for lineno, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if pattern.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert hits == [], "\n".join(hits)


def _exposures() -> dict[str, set[str]]:
    """Exposure name -> the models it declares in depends_on (models/_exposures.yml)."""
    document = yaml.safe_load((ROOT / "models" / "_exposures.yml").read_text(encoding="utf-8"))
    return {
        exposure["name"]: {re.sub(r"^ref\('(\w+)'\)$", r"\1", d) for d in exposure["depends_on"]}
        for exposure in document["exposures"]
    }


def test_report_exposure_lists_what_the_report_reads() -> None:
    """The report's exposure names exactly the relations crm_kpi/report reads (Python, sql/)."""
    read = set()
    report = ROOT / "crm_kpi" / "report"
    for path in [*report.glob("*.py"), *report.glob("sql/*.sql")]:
        read |= set(re.findall(r"\b(?:marts|baseline)\.(\w+)", path.read_text()))
    assert read, "no relation found in crm_kpi/report"
    assert _exposures()["crm_verdict_report"] == read


def test_every_analysis_has_an_exposure_with_its_refs() -> None:
    """analyses/<name>.sql is exposure analysis_<name>, depending on exactly its ref()s."""
    exposures = _exposures()
    analyses = sorted((ROOT / "analyses").glob("*.sql"))
    assert analyses
    for path in analyses:
        refs = set(re.findall(r"ref\('(\w+)'\)", path.read_text()))
        assert exposures.get(f"analysis_{path.stem}") == refs, path.name
