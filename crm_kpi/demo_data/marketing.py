"""Campaigns, leads and campaign members."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from crm_kpi.demo_data.company import COMPANY_KINDS, COMPANY_STEMS, REGION_CODES, REGIONS
from crm_kpi.demo_data.crm_users_accounts import reps_of
from crm_kpi.demo_data.helpers import (
    DAY,
    HOUR,
    Ctx,
    make_ids,
    pick,
    smart_names,
    umlaut_free,
    work_time,
)


# --------------------------------------------------------------------------------------
# Campaigns
# --------------------------------------------------------------------------------------
def build_campaigns(ctx: Ctx) -> pd.DataFrame:
    """Create single- and multi-step campaigns per region over the history."""
    rng = ctx.rng
    rows = []
    for region, (rname, country, _, w) in REGIONS.items():
        n = ctx.n(9 * 3.1 * w)
        starts = ctx.start_day + np.sort(rng.integers(0, ctx.as_of_day - ctx.start_day - 20, n))
        for s in starts:
            ctype = pick(
                rng,
                ["Email", "Webinar", "Trade Fair", "Direct Mail", "Advertisement"],
                [4, 3, 1.5, 1, 1],
                1,
            )[0]
            steps = int(rng.choice([1, 1, 2, 3, 4])) if ctype in ("Email", "Direct Mail") else 1
            length = int(rng.integers(14, 75)) * max(1, steps)
            budget = float(
                np.round(rng.uniform(3000, 25000) * (3 if ctype == "Trade Fair" else 1), -2)
            )
            rows.append(
                {
                    "region": region,
                    "type": ctype,
                    "channel_c": "offline" if ctype in ("Trade Fair", "Direct Mail") else "online",
                    "is_multi_step_c": steps > 1,
                    "number_of_steps_c": steps,
                    "region_code_c": region,
                    "start_day": int(s),
                    "end_day": int(s) + length,
                    "budgeted_cost": budget,
                    "actual_cost": float(np.round(budget * rng.uniform(0.8, 1.2), 2)),
                    "currency_iso_code": "CHF" if country == "CH" else "EUR",
                    "label": f"{ctype} {rname}",
                }
            )
    df = pd.DataFrame(rows).sort_values(["start_day", "region"], ignore_index=True)
    df["id"] = make_ids("701", len(df))
    df["name"] = [
        f"{lbl} {datetime.fromtimestamp(s * DAY).strftime('%Y-%m')}"
        for lbl, s in zip(df["label"], df["start_day"], strict=True)
    ]
    # Running campaigns have no actual cost yet beyond what is booked so far.
    running = df["end_day"] > ctx.as_of_day
    df.loc[running, "actual_cost"] = np.round(df.loc[running, "actual_cost"] * 0.5, 2)
    return df


# --------------------------------------------------------------------------------------
# Leads
# --------------------------------------------------------------------------------------
def build_leads(
    ctx: Ctx, users: pd.DataFrame, acc: pd.DataFrame, opp: pd.DataFrame
) -> pd.DataFrame:
    """Create converted leads behind new-business deals, plus disqualified and open leads."""
    rng = ctx.rng
    nb = opp[(opp["type"] == "New Business") & (opp["created_day"] >= ctx.start_day - 60)]
    conv = nb[rng.random(len(nb)) < 0.65]
    nc = len(conv)
    lag = rng.integers(3, 60, nc)
    conv_df = pd.DataFrame(
        {
            "region": conv["region"].to_numpy(),
            "created_day": conv["created_day"].to_numpy() - lag,
            "decided_day": conv["created_day"].to_numpy(),
            "is_converted": True,
            "account_idx": conv["account_idx"].to_numpy(),
            "opp_id": conv["id"].to_numpy(),
            "campaign_id": conv["campaign_id"].to_numpy(),
        }
    )
    # Non-converted leads: ~2.3x the converted ones, spread uniformly over the history.
    frames = []
    for region, (_, _, _, _w) in REGIONS.items():
        k = int(rng.poisson(2.3 * (conv_df["region"] == region).sum()))
        cday = ctx.start_day + rng.integers(0, ctx.as_of_day - ctx.start_day, k)
        frames.append(pd.DataFrame({"region": region, "created_day": cday}))
    oth = pd.concat(frames, ignore_index=True)
    m = len(oth)
    decided = oth["created_day"].to_numpy() + rng.integers(2, 90, m)
    undecided = (rng.random(m) < 0.12) | (decided > ctx.as_of_day)
    oth["decided_day"] = np.where(undecided, -1, decided)
    oth["is_converted"] = False
    oth["account_idx"] = -1
    oth["opp_id"] = None
    oth["campaign_id"] = None
    leads = pd.concat([conv_df, oth], ignore_index=True)
    leads = leads.sort_values(["created_day", "region"], kind="mergesort", ignore_index=True)
    n = len(leads)
    leads["id"] = make_ids("00Q", n)
    region = leads["region"].to_numpy()
    country = np.array([REGIONS[r][1] for r in region], dtype=object)
    state = np.array(
        [
            REGIONS[r][2][int(x)]
            for r, x in zip(
                region,
                rng.integers(0, 5, n) % np.array([len(REGIONS[r][2]) for r in region]),
                strict=True,
            )
        ],
        dtype=object,
    )
    conv_mask = leads["is_converted"].to_numpy()
    aidx = leads["account_idx"].to_numpy()
    state[conv_mask] = acc["state"].to_numpy()[aidx[conv_mask]]
    company = np.array(
        [
            f"{COMPANY_STEMS[a]} {COMPANY_KINDS[b]} GmbH"
            for a, b in zip(
                rng.integers(0, len(COMPANY_STEMS), n),
                rng.integers(0, len(COMPANY_KINDS), n),
                strict=True,
            )
        ],
        dtype=object,
    )
    company[conv_mask] = acc["name"].to_numpy()[aidx[conv_mask]]
    first, last = smart_names(rng, n)
    owner = np.empty(n, dtype=object)
    rr = rng.random(n)
    cday = leads["created_day"].to_numpy()
    cache: dict[tuple[str, int], list[str]] = {}
    for i in range(n):
        key = (region[i], int(cday[i]) // 30)
        if key not in cache:
            cache[key] = reps_of(users, region[i], int(cday[i]))
        pool = cache[key]
        owner[i] = pool[int(rr[i] * 1e6) % len(pool)]
    src = pick(
        rng,
        ["Web", "Campaign", "Referral", "Trade Fair", "Cold Call", "Partner"],
        [4, 3, 1.5, 1, 1.5, 1],
        n,
    )
    src[leads["campaign_id"].notna().to_numpy()] = "Campaign"
    dec = leads["decided_day"].to_numpy()
    disq = (~conv_mask) & (dec >= 0)
    status = np.where(
        conv_mask,
        "Qualified",
        np.where(disq, "Disqualified", np.where(rng.random(n) < 0.5, "Open", "Working")),
    )
    reason = np.where(
        disq,
        pick(
            rng,
            ["No Budget", "No Need", "Competitor", "Bad Timing", "Unreachable", "Duplicate"],
            [3, 3, 2, 2, 2, 1],
            n,
        ),
        None,
    )
    out = pd.DataFrame(
        {
            "id": leads["id"],
            "owner_id": owner,
            "lead_source": src,
            "status": status,
            "company": company,
            "first_name": first,
            "last_name": last,
            "email": [
                f"{umlaut_free(a)}.{umlaut_free(b)}@{umlaut_free(c.split(' ')[0])}.example"
                for a, b, c in zip(first, last, company, strict=True)
            ],
            "country_code": country,
            "state_code": np.where(state == "", None, state),
            "created_date": work_time(rng, cday),
            "is_converted": conv_mask,
            "converted_date": np.where(conv_mask, dec, np.nan),
            "converted_account_id": np.where(
                conv_mask, acc["id"].to_numpy()[np.maximum(aidx, 0)], None
            ),
            "converted_opportunity_id": leads["opp_id"],
            "disqualified_date_c": np.where(disq, dec, np.nan),
            "disqualification_reason_c": reason,
            "region": region,
            "campaign_id": leads["campaign_id"],
        }
    )
    last_change = np.where(dec >= 0, dec, cday)
    out["system_modstamp"] = np.minimum(work_time(rng, last_change) + HOUR, ctx.as_of_sec - 600)
    return out


# --------------------------------------------------------------------------------------
# Campaign members
# --------------------------------------------------------------------------------------
def build_campaign_members(
    ctx: Ctx, camps: pd.DataFrame, leads: pd.DataFrame, contacts: pd.DataFrame, acc: pd.DataFrame
) -> pd.DataFrame:
    """Create campaign members per step (leads and contacts of the region) with responses."""
    rng = ctx.rng
    acc_region = dict(zip(acc["id"], acc["region"], strict=True))
    con_region = contacts["account_id"].map(acc_region).to_numpy()
    lead_ids = {r: leads.loc[leads["region"] == r, "id"].to_numpy() for r in REGION_CODES}
    con_ids = {r: contacts["id"].to_numpy()[con_region == r] for r in REGION_CODES}
    frames = []
    for c in camps.itertuples(index=False):
        if c.start_day > ctx.as_of_day:
            continue
        n1 = int(rng.integers(20, 55))
        nl = int(n1 * 0.6)
        ids_l = rng.choice(lead_ids[c.region], size=min(nl, len(lead_ids[c.region])), replace=False)
        ids_c = rng.choice(
            con_ids[c.region], size=min(n1 - nl, len(con_ids[c.region])), replace=False
        )
        members = np.concatenate([ids_l, ids_c])
        is_lead = np.concatenate([np.ones(len(ids_l), bool), np.zeros(len(ids_c), bool)])
        step_len = max(7, (c.end_day - c.start_day) // c.number_of_steps_c)
        remaining = np.arange(len(members))
        for step in range(1, c.number_of_steps_c + 1):
            sday = c.start_day + (step - 1) * step_len
            if sday > ctx.as_of_day or len(remaining) == 0:
                break
            k = len(remaining)
            contacted = sday + rng.integers(0, 5, k)
            p = {"Webinar": 0.3, "Trade Fair": 0.35}.get(c.type, 0.12 + 0.04 * step)
            resp_day = contacted + rng.integers(0, 14, k)
            resp = (rng.random(k) < p) & (resp_day <= ctx.as_of_day)
            frames.append(
                pd.DataFrame(
                    {
                        "campaign_id": c.id,
                        "lead_id": np.where(is_lead[remaining], members[remaining], None),
                        "contact_id": np.where(~is_lead[remaining], members[remaining], None),
                        "created_date": work_time(rng, np.minimum(contacted, ctx.as_of_day)),
                        "step_c": step,
                        "has_responded": resp,
                        "first_responded_date": np.where(resp, resp_day, np.nan),
                    }
                )
            )
            # Responders leave the sequence; the rest get the next step.
            remaining = remaining[~resp]
    cm = pd.concat(frames, ignore_index=True)
    cm = cm.sort_values(["created_date", "campaign_id"], kind="mergesort", ignore_index=True)
    cm["id"] = make_ids("00v", len(cm))
    cm["system_modstamp"] = np.minimum(
        np.where(
            cm["has_responded"],
            cm["first_responded_date"].fillna(0) * DAY + 12 * HOUR,
            cm["created_date"],
        ),
        ctx.as_of_sec - 600,
    ).astype(np.int64)
    return cm
