"""Customer NPS responses and the HR pulse survey (employee NPS)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_kpi.demo_data.company import REGION_CODES, REGIONS
from crm_kpi.demo_data.helpers import (
    HOUR,
    Ctx,
    dirty_picklist,
    is_post,
    pick,
    seq_ids,
    to_day,
    work_time,
)


# --------------------------------------------------------------------------------------
# Surveys
# --------------------------------------------------------------------------------------
def build_nps(
    ctx: Ctx, acc: pd.DataFrame, contacts: pd.DataFrame, customers: np.ndarray
) -> pd.DataFrame:
    """Create NPS responses; after go-live the score distribution shifts up by ~20 points."""
    rng = ctx.rng
    frames = []
    for region, (_, _, _, w) in REGIONS.items():
        n = int(rng.poisson(36 * w * ctx.scale * (ctx.as_of_day - ctx.start_day) / 30.44))
        frames.append(
            pd.DataFrame(
                {
                    "region": region,
                    "day": ctx.start_day + rng.integers(0, ctx.as_of_day - ctx.start_day, n),
                }
            )
        )
    df = pd.concat(frames, ignore_index=True).sort_values(
        ["day", "region"], kind="mergesort", ignore_index=True
    )
    n = len(df)
    region = df["region"].to_numpy()
    post = is_post(region, df["day"].to_numpy())
    # Detractor / passive / promoter shares: before 20/55/25 (NPS +5), after 15/45/40 (NPS +25).
    u = rng.random(n)
    det_p = np.where(post, 0.15, 0.20)
    pas_p = np.where(post, 0.45, 0.55)
    cat = np.where(u < det_p, 0, np.where(u < det_p + pas_p, 1, 2))
    score = np.where(
        cat == 0,
        rng.choice([2, 3, 4, 5, 5, 6, 6, 6], n),
        np.where(cat == 1, rng.integers(7, 9, n), rng.integers(9, 11, n)),
    )
    cust_idx = {
        r: np.flatnonzero(customers & (acc["region"].to_numpy() == r)) for r in REGION_CODES
    }
    aidx = np.array(
        [cust_idx[r][int(x * len(cust_idx[r]))] for r, x in zip(region, rng.random(n), strict=True)]
    )
    acc_ids = acc["id"].to_numpy()[aidx]
    con_first = contacts.groupby("account_id")["id"].first()
    contact = con_first.reindex(acc_ids).to_numpy()
    contact = np.where(rng.random(n) < 0.15, None, contact)
    comments = np.array(
        [
            None,
            None,
            None,
            "Sehr guter Support",
            "Preis zu hoch",
            "Schnelle Reaktion, danke!",
            "Ansprechpartner wechselt zu oft",
            "Top Produkt",
            "Rückruf kam nie",
            "Bitte mehr Schulungen",
        ],
        dtype=object,
    )
    return pd.DataFrame(
        {
            "id": seq_ids("NPS-", n, 7),
            "account_id": acc_ids,
            "contact_id": contact,
            "responded_at": np.minimum(
                work_time(rng, df["day"].to_numpy()) + rng.integers(0, 5 * HOUR, n),
                ctx.as_of_sec - 60,
            ),
            "score": score,
            "channel": dirty_picklist(
                rng, pick(rng, ["email", "web", "phone"], [6, 3, 1], n), 0.06
            ),
            "comment": comments[rng.integers(0, len(comments), n)],
            "region": region,
        }
    )


def build_pulse(ctx: Ctx) -> pd.DataFrame:
    """Create anonymous monthly eNPS pulse answers per department and office."""
    rng = ctx.rng
    # (department, region, state, headcount) - headcount of employees surveyed.
    groups = [
        ("Sales", "de_south", "BY", 9),
        ("Sales", "de_west", "NW", 9),
        ("Sales", "de_north", "HH", 7),
        ("Sales", "de_east", "BE", 6),
        ("Sales", "at", "", 6),
        ("Sales", "ch", "", 5),
        ("Service", "de_south", "BY", 8),
        ("Service", "de_west", "NW", 7),
        ("Service", "de_north", "HH", 4),
        ("Service", "de_east", "SN", 4),
        ("Service", "at", "", 4),
        ("Service", "ch", "", 3),
        ("Marketing", "de_south", "BY", 7),
        ("Marketing", "de_west", "NW", 4),
        ("Management", "de_south", "BY", 6),
        ("Development", "de_south", "BY", 25),
        ("Development", "de_east", "SN", 18),
        ("Finance", "de_south", "BY", 6),
        ("HR", "de_south", "BY", 3),
    ]
    rows = []
    for m in ctx.months():
        survey_day = to_day(m) + 14
        if survey_day > ctx.as_of_day:
            continue
        for dept, region, st, hc in groups:
            k = int(rng.binomial(hc * max(1, round(ctx.scale)), 0.6))
            if k == 0:
                continue
            u = rng.random(k)
            score = np.where(
                u < 0.25,
                rng.integers(3, 7, k),
                np.where(u < 0.65, rng.integers(7, 9, k), rng.integers(9, 11, k)),
            )
            rows.append(
                pd.DataFrame(
                    {
                        "survey_date": survey_day,
                        "department": dept,
                        "country_code": REGIONS[region][1],
                        "state_code": st or None,
                        "enps_score": score,
                    }
                )
            )
    df = pd.concat(rows, ignore_index=True)
    df = df.sample(
        frac=1.0, random_state=np.random.RandomState(int(rng.integers(0, 2**31)))
    ).sort_values("survey_date", kind="mergesort", ignore_index=True)
    df.insert(0, "id", seq_ids("PR-", len(df), 7))
    df["department"] = dirty_picklist(rng, df["department"].to_numpy(dtype=object), 0.05)
    return df
