"""Service cases and their SLA milestones."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_kpi.demo_data.company import EFFECT, REGION_CODES, REGIONS
from crm_kpi.demo_data.helpers import DAY, HOUR, Ctx, choice_idx, is_post, make_ids, pick

# --------------------------------------------------------------------------------------
# Cases and milestones
# --------------------------------------------------------------------------------------
FR_TARGET_H = {"High": 4, "Medium": 8, "Low": 12}
RES_TARGET_H = {"High": 24, "Medium": 72, "Low": 120}


def build_cases(
    ctx: Ctx, users: pd.DataFrame, acc: pd.DataFrame, contacts: pd.DataFrame, customers: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Create service cases with First Response and Resolution milestones.

    After go-live, first responses come faster and meet their SLA more often.
    """
    rng = ctx.rng
    frames = []
    for region, (_, _, _, w) in REGIONS.items():
        n = int(rng.poisson(22 * w * ctx.scale * (ctx.as_of_day - ctx.start_day) / 30.44))
        frames.append(
            pd.DataFrame(
                {
                    "region": region,
                    "day": ctx.start_day + rng.integers(0, ctx.as_of_day - ctx.start_day + 1, n),
                }
            )
        )
    cs = pd.concat(frames, ignore_index=True).sort_values(
        ["day", "region"], kind="mergesort", ignore_index=True
    )
    n = len(cs)
    region = cs["region"].to_numpy()
    day = cs["day"].to_numpy()
    created = day * DAY + rng.integers(5 * HOUR, 18 * HOUR, n)
    created = np.minimum(created, ctx.as_of_sec - 1800)
    cust_idx = {
        r: np.flatnonzero(customers & (acc["region"].to_numpy() == r)) for r in REGION_CODES
    }
    aidx = np.array(
        [cust_idx[r][int(x * len(cust_idx[r]))] for r, x in zip(region, rng.random(n), strict=True)]
    )
    acc_ids = acc["id"].to_numpy()[aidx]
    con_by_acc = contacts.groupby("account_id")["id"].agg(list)
    contact = np.array(
        [
            lst[int(x * len(lst))]
            for lst, x in zip(con_by_acc.reindex(acc_ids), rng.random(n), strict=True)
        ],
        dtype=object,
    )
    agents = users[(users["department"] == "Service")]
    owner = np.empty(n, dtype=object)
    rr = rng.random(n)
    ag_id = agents["id"].to_numpy()
    ag_reg = agents["region"].to_numpy()
    ag_from = agents["created_day"].to_numpy()
    ag_to = agents["left_day"].fillna(10**9).to_numpy()
    for i in range(n):
        pool = ag_id[(ag_reg == region[i]) & (ag_from <= day[i]) & (ag_to >= day[i])]
        if len(pool) == 0:
            pool = ag_id[ag_to > ctx.as_of_day]
        owner[i] = pool[int(rr[i] * len(pool))]
    priority = pick(rng, ["High", "Medium", "Low"], [2, 5, 3], n)
    ctype = pick(rng, ["Post-Sales", "Complaint", "Inquiry", "Technical"], [3, 1.5, 3, 2.5], n)
    fr_t = np.array([FR_TARGET_H[p] for p in priority]) * HOUR
    res_t = np.array([RES_TARGET_H[p] for p in priority]) * HOUR
    post = is_post(region, day)
    sla_b, sla_a = EFFECT["sla_first_response_compliance"]
    met = rng.random(n) < np.where(post, sla_a, sla_b) / 100
    # Fraction of the target used when met; overshoot factor when violated (see module doc).
    f_met = np.where(post, rng.uniform(0.08, 0.8, n), rng.uniform(0.2, 1.0, n))
    f_late = 1.0 + rng.exponential(0.77, n) + 0.01
    fr_sec = np.round(np.where(met, f_met, f_late) * fr_t).astype(np.int64)
    fr_done = created + fr_sec
    res_hours = rng.lognormal(np.log(30), 0.9, n)
    res_hours = np.maximum(res_hours, fr_sec / HOUR + 0.5)
    closed_at = created + np.round(res_hours * HOUR).astype(np.int64)
    stuck = rng.random(n) < 0.01  # a few long-running escalations
    is_closed = (closed_at <= ctx.as_of_sec) & ~stuck
    fr_completed = fr_done <= ctx.as_of_sec
    status = np.where(
        is_closed, "Closed", np.where(stuck, "Escalated", np.where(fr_completed, "Working", "New"))
    )
    csat = np.where(
        is_closed & (rng.random(n) < 0.55),
        choice_idx(rng, [0.06, 0.09, 0.2, 0.35, 0.3], n) + 1,
        np.nan,
    )
    cases = pd.DataFrame(
        {
            "id": make_ids("500", n),
            "account_id": acc_ids,
            "owner_id": owner,
            "contact_id": contact,
            "type": ctype,
            "priority": priority,
            "origin": pick(rng, ["Phone", "Email", "Web"], [4, 4, 2], n),
            "status": status,
            "created_date": created,
            "closed_date": np.where(is_closed, closed_at, np.nan),
            "is_closed": is_closed,
            "csat_score_c": csat,
            "system_modstamp": np.minimum(
                np.where(is_closed, closed_at, np.where(fr_completed, fr_done, created)) + 600,
                ctx.as_of_sec - 60,
            ),
            "region": region,
        }
    )
    fr = pd.DataFrame(
        {
            "case_id": cases["id"],
            "milestone_type": "First Response",
            "start_date": created,
            "target_date": created + fr_t,
            "completion_date": np.where(fr_completed, fr_done, np.nan),
            "is_violated": np.where(
                fr_completed, fr_done > created + fr_t, ctx.as_of_sec > created + fr_t
            ),
        }
    )
    res = pd.DataFrame(
        {
            "case_id": cases["id"],
            "milestone_type": "Resolution",
            "start_date": created,
            "target_date": created + res_t,
            "completion_date": np.where(is_closed, closed_at, np.nan),
            "is_violated": np.where(
                is_closed, closed_at > created + res_t, ctx.as_of_sec > created + res_t
            ),
        }
    )
    ms = pd.concat([fr, res], ignore_index=True)
    ms = ms.sort_values(
        ["start_date", "case_id", "milestone_type"], kind="mergesort", ignore_index=True
    )
    ms["id"] = make_ids("5Mx", len(ms))
    ms["system_modstamp"] = np.minimum(
        ms["completion_date"].fillna(ms["start_date"]) + 60, ctx.as_of_sec - 60
    ).astype(np.int64)
    return cases, ms
