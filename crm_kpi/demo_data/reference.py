"""Reference seeds: region mapping, FX rates, go-live dates, opportunity stages."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from crm_kpi.demo_data.company import REGIONS, ROLLOUT, STAGES
from crm_kpi.demo_data.helpers import month_start, to_day

# --------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------
#: Columns of the reference seeds (dbt seeds, not raw extracts, so not in the source contract).
#: Types: s varchar, b boolean, t timestamp, d date, f double, i integer.
REFERENCE_SCHEMAS: dict[str, str] = {
    "reference.region_mapping": "country_code:s state_code:s region_code:s region_name:s",
    "reference.fx_rate_monthly": "month:d currency_iso_code:s eur_per_unit:f",
    "reference.crm_rollout": "region_code:s go_live_date:d",
    "reference.opportunity_stage": "stage_name:s sort_order:i is_closed:b is_won:b "
    "default_probability:f",
}


def parse_schema(spec: str) -> list[tuple[str, str]]:
    """Return ``[(column, type_letter), ...]`` from a compact ``name:type`` schema string."""
    return [tuple(item.split(":")) for item in spec.split()]  # type: ignore[misc]


def reference_tables(as_of: date, start: date) -> dict[str, pd.DataFrame]:
    """Return the reference seeds (independent of seed and scale)."""
    rm = [
        (country, state or None, code, name)
        for code, (name, country, states, _) in REGIONS.items()
        for state in states
    ]
    region_mapping = pd.DataFrame(
        rm, columns=["country_code", "state_code", "region_code", "region_name"]
    )
    region_mapping = region_mapping.sort_values(
        ["country_code", "state_code"], na_position="first", ignore_index=True
    )
    frng = np.random.default_rng(20231101)
    months = []
    m = start
    while m <= as_of:
        months.append(to_day(m))
        m = month_start(m, 1)
    fx_rows = []
    for cur, level, vol in (("CHF", 1.03, 0.008), ("USD", 0.925, 0.012), ("GBP", 1.165, 0.008)):
        walk = level * np.exp(
            np.cumsum(frng.normal(0.0008 if cur == "CHF" else 0.0, vol, len(months)))
        )
        fx_rows += [(d, cur, float(np.round(x, 6))) for d, x in zip(months, walk, strict=True)]
    fx_rows += [(d, "EUR", 1.0) for d in months]
    fx = pd.DataFrame(fx_rows, columns=["month", "currency_iso_code", "eur_per_unit"]).sort_values(
        ["month", "currency_iso_code"], ignore_index=True
    )
    rollout = pd.DataFrame(
        [(r, to_day(d)) for r, d in sorted(ROLLOUT.items(), key=lambda x: x[1])],
        columns=["region_code", "go_live_date"],
    )
    stage = pd.DataFrame(
        STAGES, columns=["stage_name", "sort_order", "is_closed", "is_won", "default_probability"]
    )
    return {
        "reference.region_mapping": region_mapping,
        "reference.fx_rate_monthly": fx,
        "reference.crm_rollout": rollout,
        "reference.opportunity_stage": stage,
    }
