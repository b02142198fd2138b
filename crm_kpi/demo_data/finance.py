"""CRM programme cost, budget and milestones (finance extracts)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from crm_kpi.demo_data.company import ROLLOUT
from crm_kpi.demo_data.helpers import Ctx, dirty_picklist, month_start, seq_ids, to_day

# --------------------------------------------------------------------------------------
# CRM programme finance
# --------------------------------------------------------------------------------------
CRM_PROGRAMME_START = date(2024, 7, 1)
COST_CATEGORIES = [
    "license",
    "implementation",
    "integration",
    "training",
    "maintenance",
    "internal_staff",
]


def build_finance(ctx: Ctx, users: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Create CRM programme costs, monthly budget and milestones."""
    rng = ctx.rng
    n_lic = int((users["license_type_c"] != "none").sum())
    costs: list[tuple[int, str, float]] = []
    budget: list[tuple[int, str, float]] = []
    months = [m for m in ctx.months() if m >= CRM_PROGRAMME_START]
    first_live = min(ROLLOUT.values())
    for m in months:
        md = to_day(m)
        live = [r for r, d in ROLLOUT.items() if month_start(d) <= m]
        near = [r for r, d in ROLLOUT.items() if 0 <= (to_day(month_start(d)) - md) <= 62]
        b = {
            "license": 150.0 * n_lic if m >= month_start(first_live, -1) else 0.0,
            "implementation": 45000.0 * len(near) / 2,
            "integration": 12000.0 if m < month_start(first_live, 9) else 2000.0,
            "training": 6000.0 * len([r for r, d in ROLLOUT.items() if month_start(d) == m]),
            "maintenance": 3000.0 * (len(live) > 0),
            "internal_staff": 18000.0,
        }
        for cat in COST_CATEGORIES:
            budget.append((md, cat, b[cat]))
            if md > ctx.as_of_day - 10 or b[cat] == 0:
                continue
            actual = b[cat] * rng.uniform(0.85, 1.3)
            parts = 1 if cat in ("license", "maintenance") else int(rng.integers(1, 3))
            for _p in range(parts):
                costs.append(
                    (md + int(rng.integers(0, 27)), cat, float(np.round(actual / parts, 2)))
                )
            if rng.random() < 0.03:
                costs.append((md + 27, cat, float(-np.round(actual * 0.1, 2))))  # correction
    for m in [m for m in (month_start(ctx.as_of, k) for k in range(1, 2))]:
        for cat in COST_CATEGORIES:
            budget.append(
                (
                    to_day(m),
                    cat,
                    18000.0
                    if cat == "internal_staff"
                    else 150.0 * n_lic
                    if cat == "license"
                    else 3000.0
                    if cat == "maintenance"
                    else 0.0,
                )
            )
    cost = pd.DataFrame(costs, columns=["booking_date", "category", "amount_eur"]).sort_values(
        ["booking_date", "category"], kind="mergesort", ignore_index=True
    )
    cost.insert(0, "id", seq_ids("FIBU-", len(cost), 6))
    cost["category"] = dirty_picklist(rng, cost["category"].to_numpy(dtype=object), 0.05)
    bud = pd.DataFrame(budget, columns=["month", "category", "budget_eur"])
    ms_rows = [
        ("Project kick-off", date(2024, 7, 1), date(2024, 7, 1)),
        ("Vendor contract signed", date(2024, 8, 15), date(2024, 8, 30)),
    ]
    ms_rows.append(("Data migration concept approved", date(2024, 10, 1), date(2024, 10, 22)))
    for r, d in ROLLOUT.items():
        ms_rows.append((f"Go-live {r}", d, d))
        ms_rows.append(
            (
                f"Training completed {r}",
                month_start(d, 1),
                month_start(d, 1) + pd.Timedelta(days=int(rng.integers(-5, 30))).to_pytimedelta(),
            )
        )
    ms_rows.append(("ERP integration live", date(2025, 6, 1), date(2025, 8, 12)))
    ms_rows.append(("Legacy CRM switched off", date(2025, 12, 1), date(2026, 2, 2)))
    ms_rows.append(("Go-live de_east", date(2026, 9, 1), None))
    ms = pd.DataFrame(
        {
            "id": seq_ids("MS-", len(ms_rows), 3),
            "name": [r[0] for r in ms_rows],
            "planned_date": [to_day(r[1]) for r in ms_rows],
            "actual_date": [
                to_day(r[2]) if r[2] and to_day(r[2]) <= ctx.as_of_day else np.nan for r in ms_rows
            ],
        }
    )
    return cost, bud, ms
