"""Opportunities, their stage history and sales activities (tasks, events)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crm_kpi.demo_data.company import EFFECT, OPEN_STAGES, REGION_CODES, REGIONS, STAGE_PROB
from crm_kpi.demo_data.crm_users_accounts import reps_of
from crm_kpi.demo_data.helpers import DAY, HOUR, Ctx, is_post, make_ids, pick, work_time


# --------------------------------------------------------------------------------------
# Opportunities and history
# --------------------------------------------------------------------------------------
def build_opportunities(
    ctx: Ctx, users: pd.DataFrame, acc: pd.DataFrame, camps: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Create opportunities (close date first) and their stage history.

    Outcome and cycle length follow the close date: after a region's go-live the win rate
    is higher and the sales cycle shorter. Opportunities closing after the extract date
    are open, in a stage that matches their elapsed time.
    """
    rng = ctx.rng
    wr_before, wr_after = EFFECT["win_rate"]
    cyc_before, cyc_after = EFFECT["avg_sales_cycle_days"]
    recs: list[dict[str, object]] = []
    horizon = ctx.as_of_day + 150
    for region, (_, _, _, w) in REGIONS.items():
        per_month = 26 * w * ctx.scale
        n = int(rng.poisson(per_month * (horizon - ctx.start_day) / 30.44))
        close = ctx.start_day + rng.integers(0, horizon - ctx.start_day, n)
        recs.append(pd.DataFrame({"region": region, "close_day": close}))
    opp = pd.concat(recs, ignore_index=True)
    n = len(opp)
    opp = opp.sort_values(["close_day", "region"], kind="mergesort", ignore_index=True)
    region = opp["region"].to_numpy(dtype=object)
    close = opp["close_day"].to_numpy()
    post = is_post(region, close)
    won_p = np.where(post, wr_after, wr_before) / 100
    is_closed = close <= ctx.as_of_day
    won = is_closed & (rng.random(n) < won_p)
    # Won deals: cycle lognormal around the planted mean; lost deals: shorter and wider.
    mean_c = np.where(post, cyc_after, cyc_before)
    sig = 0.25
    cyc_won = mean_c * np.exp(rng.normal(-(sig**2) / 2, sig, n))
    cyc_lost = rng.gamma(2.0, 30.0, n) + 10
    cycle = np.maximum(np.round(np.where(won, cyc_won, cyc_lost)), 5).astype(np.int64)
    opp_type = pick(rng, ["New Business", "Upsell", "Cross-Sell", "Deep-Sell"], [45, 25, 18, 12], n)
    open_ = ~is_closed
    # Open deals: created at most ~150 days before the extract, created before their close date.
    cycle[open_] = np.minimum(
        cycle[open_], (close[open_] - ctx.as_of_day) + rng.integers(5, 150, open_.sum())
    )
    created_day = close - cycle
    created_day[open_] = np.minimum(created_day[open_], ctx.as_of_day - 1)
    created_sec = work_time(rng, created_day)

    # Accounts: new business goes to non-customers first, the rest to customers.
    acc_by_region = {r: acc.index[acc["region"] == r].to_numpy() for r in REGION_CODES}
    customer = acc["legacy_customer"].to_numpy().copy()
    first_won = np.full(len(acc), 10**9)
    first_won[customer] = -1
    acc_idx = np.empty(n, dtype=np.int64)
    order = np.argsort(created_day, kind="mergesort")
    draws = rng.random(n)
    for i in order:
        pool = acc_by_region[region[i]]
        cust = pool[customer[pool]]
        pros = pool[~customer[pool]]
        if opp_type[i] == "New Business" and len(pros) and draws[i] < 0.92:
            j = pros[int(draws[i] * 1e6) % len(pros)]
        elif len(cust):
            j = cust[int(draws[i] * 1e6) % len(cust)]
            if opp_type[i] == "New Business":
                opp_type[i] = "Upsell"
        else:
            j = pool[int(draws[i] * 1e6) % len(pool)]
            opp_type[i] = "New Business"
        acc_idx[i] = j
        if won[i]:
            customer[j] = True
            first_won[j] = min(first_won[j], close[i])
    # Owners: the account owner, else another rep of the region employed at creation.
    acc_owner = acc["owner_id"].to_numpy()[acc_idx]
    owners = np.empty(n, dtype=object)
    r2 = rng.random(n)
    emp = {}
    for i in range(n):
        key = (region[i], int(created_day[i]) // 30)
        if key not in emp:
            emp[key] = reps_of(users, region[i], int(created_day[i]))
        pool = emp[key]
        if acc_owner[i] in pool and r2[i] < 0.8:
            owners[i] = acc_owner[i]
        else:
            owners[i] = pool[int(r2[i] * 1e6) % len(pool)]
    cur = acc["currency"].to_numpy()[acc_idx]
    base = np.where(opp_type == "New Business", 28000, np.where(opp_type == "Upsell", 12000, 9000))
    amount = np.round(base * np.exp(rng.normal(0, 0.7, n)) * np.where(cur == "CHF", 1.05, 1.0), -1)
    amount = np.maximum(amount, 1500.0)
    # Campaign-sourced deals: a campaign of the region running in the 90 days before creation.
    camp_id = np.full(n, None, dtype=object)
    creg = camps["region"].to_numpy()
    cs = camps["start_day"].to_numpy()
    cid = camps["id"].to_numpy()
    for i in np.flatnonzero(rng.random(n) < 0.3):
        ok = np.flatnonzero(
            (creg == region[i]) & (cs <= created_day[i]) & (cs >= created_day[i] - 90)
        )
        if len(ok):
            camp_id[i] = cid[ok[int(draws[i] * 1e5) % len(ok)]]
    loss = np.where(
        is_closed & ~won,
        pick(rng, ["Price", "Competitor", "No Decision", "Timing", "Features"], [3, 3, 2, 1, 1], n),
        None,
    )
    opp = pd.DataFrame(
        {
            "id": make_ids("006", n),
            "region": region,
            "account_idx": acc_idx,
            "account_id": acc["id"].to_numpy()[acc_idx],
            "owner_id": owners,
            "type": opp_type,
            "amount": amount,
            "currency_iso_code": cur,
            "created_date": created_sec,
            "created_day": created_day,
            "close_day": close,
            "is_closed": is_closed,
            "is_won": won,
            "campaign_id": camp_id,
            "loss_reason_c": loss,
        }
    )
    opp["name"] = [
        f"{a.split(' ')[0]} {a.split(' ')[1]} - {t}"
        for a, t in zip(acc["name"].to_numpy()[acc_idx], opp_type, strict=True)
    ]
    legacy = legacy_opportunities(ctx, acc, n)
    opp = pd.concat([opp, legacy], ignore_index=True)
    hist, final = build_history(ctx, opp)
    opp["stage_name"] = final["stage"]
    opp["probability"] = final["prob"]
    opp["amount"] = final["amount"]
    opp["system_modstamp"] = final["last_sec"] + rng.integers(0, 3 * DAY, len(opp))
    opp["system_modstamp"] = np.minimum(opp["system_modstamp"], ctx.as_of_sec - 600)
    return opp, hist


def legacy_opportunities(ctx: Ctx, acc: pd.DataFrame, offset: int) -> pd.DataFrame:
    """Return the won new-business deals of customers acquired before data history."""
    rng = ctx.rng
    cust = acc[acc["legacy_customer"]]
    n = len(cust)
    close = np.minimum(
        cust["created_day"].to_numpy() + rng.integers(20, 200, n), ctx.start_day - 40
    )
    created = close - rng.integers(40, 160, n)
    cur = cust["currency"].to_numpy()
    return pd.DataFrame(
        {
            "id": make_ids("006", n, start=offset + 1),
            "region": cust["region"].to_numpy(),
            "account_idx": cust.index.to_numpy(),
            "account_id": cust["id"].to_numpy(),
            "owner_id": cust["owner_id"].to_numpy(),
            "type": "New Business",
            "amount": np.round(28000 * np.exp(rng.normal(0, 0.6, n)), -1),
            "currency_iso_code": cur,
            "created_date": work_time(rng, created),
            "created_day": created,
            "close_day": close,
            "is_closed": True,
            "is_won": True,
            "campaign_id": None,
            "loss_reason_c": None,
            "name": [f"{a.split(' ')[0]} {a.split(' ')[1]} - New Business" for a in cust["name"]],
        }
    )


def build_history(ctx: Ctx, opp: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Walk each opportunity through its stages; return history rows and its final state."""
    rng = ctx.rng
    n = len(opp)
    hid: list[str] = []
    h_opp: list[str] = []
    h_sec: list[int] = []
    h_stage: list[str] = []
    h_amt: list[float] = []
    h_close: list[int] = []
    f_stage = np.empty(n, dtype=object)
    f_amt = np.zeros(n)
    f_last = np.zeros(n, dtype=np.int64)
    created = opp["created_date"].to_numpy()
    close = opp["close_day"].to_numpy()
    closed = opp["is_closed"].to_numpy()
    won = opp["is_won"].to_numpy()
    amount = opp["amount"].to_numpy()
    ids = opp["id"].to_numpy()
    u = rng.random((n, 6))
    as_of_sec = ctx.as_of_sec
    for i in range(n):
        start = int(created[i])
        end_sec = int(close[i]) * DAY + 9 * HOUR + int(u[i, 0] * 8 * HOUR)
        if closed[i]:
            top = 5 if won[i] else 1 + int(u[i, 1] * 5)  # lost deals die in any stage
            path = OPEN_STAGES[: min(top, 5)]
            if u[i, 2] < 0.5 and len(path) > 2:  # skipped a stage or two
                path = [
                    p for k, p in enumerate(path) if k not in ((1, 2) if u[i, 2] < 0.2 else (2,))
                ]
            final = "Closed Won" if won[i] else "Closed Lost"
            path = [*path, final]
            reopen = u[i, 3] < 0.04 and len(path) >= 3
            if reopen:  # closed, re-opened, closed again
                path = [*path[:-1], "Closed Lost", "Negotiation", final]
            stop = end_sec
        else:
            frac = min(1.0, (as_of_sec - start) / max(1, end_sec - start))
            top = 1 + min(4, int(frac * 5 * (0.6 + 0.8 * u[i, 1])))
            path = OPEN_STAGES[:top]
            stop = min(as_of_sec - HOUR, end_sec)
        k = len(path)
        if k == 1:
            times = [start]
        else:
            gaps = np.sort(rng.random(k - 1))
            times = [start] + [int(start + g * (stop - start)) for g in gaps]
            if closed[i]:
                times[-1] = end_sec if end_sec > times[-2] else times[-2] + HOUR
        # Planned close date slips in ~40% of deals; amount changes in ~30%.
        slip = int(u[i, 4] * 45) if u[i, 4] < 0.4 else 0
        amt0 = (
            float(np.round(amount[i] * (0.8 + 0.4 * u[i, 5]), -1))
            if u[i, 5] < 0.3
            else float(amount[i])
        )
        for j, (t, st) in enumerate(zip(times, path, strict=True)):
            first_half = j < (k + 1) // 2
            hid.append("")
            h_opp.append(ids[i])
            h_sec.append(t)
            h_stage.append(st)
            h_amt.append(amt0 if first_half else float(amount[i]))
            cd = int(close[i]) - (slip if first_half else 0)
            if st in ("Closed Won", "Closed Lost") and j < k - 1:
                cd = t // DAY
            h_close.append(cd)
        f_stage[i] = path[-1]
        f_amt[i] = h_amt[-1]
        f_last[i] = times[-1]
    hist = pd.DataFrame(
        {
            "opportunity_id": h_opp,
            "created_date": h_sec,
            "stage_name": h_stage,
            "amount": h_amt,
            "probability": [STAGE_PROB[s] for s in h_stage],
            "close_day": h_close,
        }
    )
    hist["close_date"] = hist["close_day"]
    hist = hist.sort_values(["created_date", "opportunity_id"], kind="mergesort", ignore_index=True)
    hist["id"] = make_ids("008", len(hist))
    hist["system_modstamp"] = hist["created_date"]
    final = {
        "stage": f_stage,
        "amount": f_amt,
        "prob": np.array([STAGE_PROB[s] for s in f_stage]),
        "last_sec": f_last,
    }
    return hist, final


# --------------------------------------------------------------------------------------
# Activities
# --------------------------------------------------------------------------------------
def build_activities(
    ctx: Ctx,
    opp: pd.DataFrame,
    acc: pd.DataFrame,
    contacts: pd.DataFrame,
    leads: pd.DataFrame,
    customers: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Create tasks (calls, e-mails; completed and open) and events (meetings, webinars, visits)."""
    rng = ctx.rng
    con_by_acc = contacts.groupby("account_id")["id"].first()
    cur = opp[opp["created_day"] >= ctx.start_day - 30]
    # Deal-related tasks.
    k = rng.poisson(0.8, len(cur))
    idx = np.repeat(np.arange(len(cur)), k)
    c0 = cur["created_day"].to_numpy()[idx]
    c1 = np.minimum(cur["close_day"].to_numpy()[idx], ctx.as_of_day + 20)
    day = c0 + (rng.random(len(idx)) * np.maximum(c1 - c0, 1)).astype(np.int64)
    t_deal = pd.DataFrame(
        {
            "owner_id": cur["owner_id"].to_numpy()[idx],
            "account_id": cur["account_id"].to_numpy()[idx],
            "who_id": con_by_acc.reindex(cur["account_id"].to_numpy()[idx]).to_numpy(),
            "what_id": cur["id"].to_numpy()[idx],
            "day": day,
        }
    )
    # Account care: customers get touched now and then.
    cust = acc[customers]
    months = ctx.months()
    k2 = rng.poisson(0.09 * len(months), len(cust))
    idx2 = np.repeat(np.arange(len(cust)), k2)
    t_acc = pd.DataFrame(
        {
            "owner_id": cust["owner_id"].to_numpy()[idx2],
            "account_id": cust["id"].to_numpy()[idx2],
            "who_id": con_by_acc.reindex(cust["id"].to_numpy()[idx2]).to_numpy(),
            "what_id": None,
            "day": ctx.start_day + rng.integers(0, ctx.as_of_day - ctx.start_day + 15, len(idx2)),
        }
    )
    # Lead qualification calls.
    lsel = leads[rng.random(len(leads)) < 0.6]
    t_lead = pd.DataFrame(
        {
            "owner_id": lsel["owner_id"].to_numpy(),
            "account_id": None,
            "who_id": lsel["id"].to_numpy(),
            "what_id": None,
            "day": (lsel["created_date"].to_numpy() // DAY) + rng.integers(0, 10, len(lsel)),
        }
    )
    t = pd.concat([t_deal, t_acc, t_lead], ignore_index=True)
    t = t[t["day"] >= ctx.start_day].reset_index(drop=True)
    n = len(t)
    kind = pick(rng, ["Call", "Email", "Other"], [5, 4, 1], n)
    day = t["day"].to_numpy()
    done = (day < ctx.as_of_day) & (rng.random(n) < 0.93)
    completed = np.where(done, work_time(rng, np.minimum(day, ctx.as_of_day - 1)), np.nan)
    dur = np.where((kind == "Call") & done, np.round(rng.gamma(2.0, 160.0, n)) + 20, np.nan)
    status = np.where(
        done, "Completed", np.where(rng.random(n) < 0.6, "Not Started", "In Progress")
    )
    tasks = pd.DataFrame(
        {
            "owner_id": t["owner_id"],
            "account_id": t["account_id"],
            "who_id": t["who_id"],
            "what_id": t["what_id"],
            "type": kind,
            "task_subtype": np.where(kind == "Other", "Task", kind),
            "status": status,
            "activity_date": day,
            "completed_date_time": completed,
            "call_duration_in_seconds": dur,
            "system_modstamp": np.minimum(
                np.where(done, completed, work_time(rng, np.minimum(day, ctx.as_of_day) - 3)),
                ctx.as_of_sec - 600,
            ),
        }
    )
    tasks = tasks.sort_values(
        ["activity_date", "owner_id", "system_modstamp"], kind="mergesort", ignore_index=True
    )
    tasks["id"] = make_ids("00T", len(tasks))
    # Events: meetings and visits on deals, webinars.
    k3 = rng.poisson(0.8, len(cur))
    idx3 = np.repeat(np.arange(len(cur)), k3)
    c0 = cur["created_day"].to_numpy()[idx3]
    c1 = np.minimum(cur["close_day"].to_numpy()[idx3], ctx.as_of_day + 30)
    eday = c0 + (rng.random(len(idx3)) * np.maximum(c1 - c0, 1)).astype(np.int64)
    m = len(idx3)
    etype = pick(rng, ["Meeting", "Webinar", "Visit"], [6, 1.5, 2.5], m)
    events = pd.DataFrame(
        {
            "owner_id": cur["owner_id"].to_numpy()[idx3],
            "account_id": cur["account_id"].to_numpy()[idx3],
            "who_id": con_by_acc.reindex(cur["account_id"].to_numpy()[idx3]).to_numpy(),
            "what_id": cur["id"].to_numpy()[idx3],
            "type": etype,
            "start_date_time": work_time(rng, eday),
            "duration_in_minutes": np.where(
                etype == "Visit", 120, np.where(etype == "Webinar", 45, 60)
            )
            * rng.integers(1, 3, m)
            // 1,
        }
    )
    events = events[events["start_date_time"] >= ctx.start_day * DAY].copy()
    events["system_modstamp"] = np.minimum(
        events["start_date_time"] - rng.integers(1, 10, len(events)) * DAY, ctx.as_of_sec - 600
    )
    events = events.sort_values(
        ["start_date_time", "owner_id"], kind="mergesort", ignore_index=True
    )
    events["id"] = make_ids("00U", len(events))
    return tasks, events
