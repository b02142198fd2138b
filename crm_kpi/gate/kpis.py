"""Which KPIs the delivered extracts allow, from the KPI catalogue's ``source_tables``.

``seeds/catalogue/kpi_catalogue.csv`` lists per KPI the raw tables it needs
(``source_tables``: space-separated ``<system>.<table>``). A KPI is not available when one
of them is absent or empty in this run. KPIs with an empty ``source_tables`` are listed as
not judged; a catalogue without the column judges none. Tables not checked in this run
(``--tables``) count as present.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

CATALOGUE = Path("seeds") / "catalogue" / "kpi_catalogue.csv"


def kpi_availability(project_dir: Path, missing_tables: set[str]) -> dict[str, Any]:
    """Split the catalogue's KPIs into available, not available (with why) and not judged."""
    path = project_dir / CATALOGUE
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    available: list[str] = []
    not_available: list[dict[str, Any]] = []
    undeclared: list[str] = []
    for row in rows:
        code = (row.get("kpi_code") or "").strip()
        needs = (row.get("source_tables") or "").split()
        if not code:
            continue
        if not needs:
            undeclared.append(code)
            continue
        missing = [t for t in needs if t in missing_tables]
        if missing:
            not_available.append({"kpi_code": code, "missing": missing})
        else:
            available.append(code)
    return {
        "available": available,
        "not_available": not_available,
        "without_source_tables": undeclared,
    }
