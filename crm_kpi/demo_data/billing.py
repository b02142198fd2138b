"""Customer contracts, ERP invoices and payments, and service cost."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from crm_kpi.demo_data.helpers import (
    DAY,
    HOUR,
    Ctx,
    dirty_picklist,
    make_ids,
    month_start,
    month_start_days,
    pick,
    seq_ids,
    to_day,
)


# --------------------------------------------------------------------------------------
# Contracts, invoices, payments, service cost
# --------------------------------------------------------------------------------------
def build_contracts(ctx: Ctx, acc: pd.DataFrame, opp: pd.DataFrame) -> pd.DataFrame:
    """Create contracts from won deals; some churn, a few churned customers come back."""
    rng = ctx.rng
    wonp = opp[opp["is_won"]].sort_values(["close_day", "id"], kind="mergesort")
    rows = []
    churned_at: dict[int, int] = {}
    for o in wonp.itertuples(index=False):
        start = to_day(
            month_start(
                date(1970, 1, 1) + pd.Timedelta(days=int(o.close_day + 10)).to_pytimedelta()
            )
        )
        if start > ctx.as_of_day:
            continue
        share = 0.035 if o.type == "New Business" else 0.025
        mrr = float(np.round(o.amount * share * rng.uniform(0.8, 1.2), 2))
        rows.append(
            {
                "account_idx": o.account_idx,
                "start": start,
                "mrr": mrr,
                "cur": o.currency_iso_code,
                "nb": o.type == "New Business",
            }
        )
    con = pd.DataFrame(rows)
    n = len(con)
    # Churn: ~1.1% of contracts per month cancel; cancelling ends every contract of the account.
    life = rng.exponential(1 / 0.011, n) * 30.44
    end = np.where(life < 5000, con["start"].to_numpy() + life.astype(np.int64), -1)
    end_month = np.where(end > 0, month_start_days(np.maximum(end, 0)), -1)
    # Contract ends on the last day of the month before the churn month.
    end_day = np.where(
        (end > 0) & (end_month - 1 < ctx.as_of_day) & (end_month - 1 >= ctx.start_day),
        end_month - 1,
        -1,
    )
    con["end"] = end_day
    acc_end = con[con["end"] > 0].groupby("account_idx")["end"].min()
    # Cancelling one contract ends all contracts of that account active at that day.
    aidx = con["account_idx"].to_numpy()
    starts = con["start"].to_numpy().copy()
    ends = con["end"].to_numpy().copy()
    for a, e in acc_end.items():
        mask = (aidx == a) & (starts <= e) & ((ends < 0) | (ends > e))
        ends[mask] = e
        later = (aidx == a) & (starts > e)
        # Without a win-back they would not buy again: move later deals' contracts to a win-back.
        gap = e + 30 * int(rng.integers(4, 10))
        starts[later] = np.maximum(
            starts[later],
            to_day(month_start(date(1970, 1, 1) + pd.Timedelta(days=int(gap)).to_pytimedelta())),
        )
        # a moved contract keeps its own churn only if that still lies after its new start
        ends[later] = np.where(ends[later] >= starts[later], ends[later], -1)
        churned_at[int(a)] = int(e)
    con["start"] = starts
    con["end"] = ends
    con = con[con["start"] <= ctx.as_of_day].reset_index(drop=True)
    # A few churned customers come back with a new contract (win-back).
    wb = [a for a, e in churned_at.items() if e < ctx.as_of_day - 240]
    wb = (
        rng.choice(np.array(sorted(wb)), size=min(len(wb), max(3, len(wb) // 8)), replace=False)
        if wb
        else []
    )
    extra = []
    for a in sorted(int(x) for x in wb):
        ret = to_day(
            month_start(
                date(1970, 1, 1)
                + pd.Timedelta(days=churned_at[a] + int(rng.integers(120, 240))).to_pytimedelta()
            )
        )
        if (
            ret < ctx.as_of_day
            and not ((con["account_idx"] == a) & (con["start"] > churned_at[a])).any()
        ):
            prev = con[con["account_idx"] == a].iloc[0]
            extra.append(
                {
                    "account_idx": a,
                    "start": ret,
                    "mrr": float(np.round(prev["mrr"] * 0.9, 2)),
                    "cur": prev["cur"],
                    "nb": True,
                    "end": -1,
                }
            )
    if extra:
        con = pd.concat([con, pd.DataFrame(extra)], ignore_index=True)
    # Sort before deriving per-row flags: the flags below must align with the output rows.
    con = con.sort_values(["start", "account_idx"], kind="mergesort", ignore_index=True)
    n = len(con)
    ended = con["end"].to_numpy() > 0
    expired = ended & (rng.random(n) < 0.25)
    status = np.where(ended, np.where(expired, "Expired", "Cancelled"), "Activated")
    reason = np.where(
        ended & ~expired,
        pick(
            rng,
            ["Price", "Competitor", "Service Quality", "Budget Cut", "Business Closed", "No Usage"],
            [3, 3, 2, 2, 1, 1.5],
            n,
        ),
        None,
    )
    out = pd.DataFrame(
        {
            "id": make_ids("800", n),
            "account_idx": con["account_idx"].to_numpy(),
            "account_id": acc["id"].to_numpy()[con["account_idx"].to_numpy()],
            "start_date": con["start"].to_numpy(),
            "end_date": np.where(ended, con["end"].to_numpy(), np.nan),
            "status": status,
            "mrr": con["mrr"].to_numpy(),
            "currency_iso_code": con["cur"].to_numpy(),
            "cancellation_reason_c": reason,
        }
    )
    ms = (
        np.where(
            ended, out["end_date"].fillna(0).to_numpy() * DAY, out["start_date"].to_numpy() * DAY
        )
        + 10 * HOUR
    )
    out["system_modstamp"] = np.minimum(ms, ctx.as_of_sec - 600).astype(np.int64)
    return out


def build_billing(
    ctx: Ctx, acc: pd.DataFrame, opp: pd.DataFrame, con: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Create invoices (deal invoices, quarterly MRR invoices, credit notes) and payments."""
    rng = ctx.rng
    vat = acc["vat"].to_numpy()
    # One-time invoices for won deals in the history.
    w = opp[opp["is_won"] & (opp["close_day"] >= ctx.start_day)]
    inv_deal = pd.DataFrame(
        {
            "account_idx": w["account_idx"].to_numpy(),
            "opportunity_id": w["id"].to_numpy(),
            "day": w["close_day"].to_numpy() + rng.integers(1, 20, len(w)),
            "cur": w["currency_iso_code"].to_numpy(),
            "net": w["amount"].to_numpy(),
            "cost_share": rng.uniform(0.35, 0.6, len(w)),
        }
    )
    # Quarterly recurring invoices in advance (1st of Jan/Apr/Jul/Oct), pro rata at start.
    q_starts = [m for m in ctx.months() if m.month in (1, 4, 7, 10)]
    rec = []
    cs = con["start_date"].to_numpy()
    ce = con["end_date"].fillna(10**9).to_numpy()
    for q in q_starts:
        qd = to_day(q)
        qe = to_day(month_start(q, 3)) - 1
        act = (cs <= qe) & (ce >= qd) & (con["status"].to_numpy() != "Draft")
        if not act.any():
            continue
        months_cov = (np.minimum(ce[act], qe) - np.maximum(cs[act], qd) + 1) / 30.44
        q = pd.DataFrame(
            {
                "account_idx": con["account_idx"].to_numpy()[act],
                "day": np.maximum(cs[act], qd),
                "cur": con["currency_iso_code"].to_numpy()[act],
                "net": np.round(
                    con["mrr"].to_numpy()[act] * np.clip(np.round(months_cov, 1), 0.3, 3.0), 2
                ),
            }
        )
        # One recurring invoice per account and quarter (first covered day, first currency).
        q = (
            q.groupby("account_idx", sort=True)
            .agg(day=("day", "min"), cur=("cur", "first"), net=("net", "sum"))
            .reset_index()
        )
        q["opportunity_id"] = None
        q["cost_share"] = rng.uniform(0.15, 0.3, len(q))
        rec.append(q)
    inv = pd.concat([inv_deal, *rec], ignore_index=True)
    inv = inv[inv["day"] <= ctx.as_of_day - 1].reset_index(drop=True)
    n = len(inv)
    # ~3% credit notes (partial refunds), negative amounts.
    cn_src = np.flatnonzero(rng.random(n) < 0.03)
    cn = inv.iloc[cn_src].copy()
    cn["day"] = np.minimum(cn["day"] + rng.integers(5, 60, len(cn)), ctx.as_of_day - 1)
    cn["net"] = -np.round(cn["net"] * rng.uniform(0.1, 1.0, len(cn)), 2)
    cn["credit"] = True
    inv["credit"] = False
    inv = pd.concat([inv, cn], ignore_index=True)
    inv = inv.sort_values(["day", "account_idx"], kind="mergesort", ignore_index=True)
    n = len(inv)
    years = (
        inv["day"].to_numpy().astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    ).astype(str)
    inv["id"] = [f"RE-{y}-{i:06d}" for y, i in zip(years, range(1, n + 1), strict=True)]
    net = inv["net"].to_numpy()
    tax = np.round(
        net
        * vat[inv["account_idx"].to_numpy()]
        * np.where(np.isin(inv["cur"].to_numpy(), ["USD", "GBP"]), 0, 1),
        2,
    )
    terms = np.where(rng.random(n) < 0.8, 30, 14)
    invoice = pd.DataFrame(
        {
            "id": inv["id"],
            "account_id": acc["id"].to_numpy()[inv["account_idx"].to_numpy()],
            "opportunity_id": inv["opportunity_id"],
            "invoice_date": inv["day"],
            "due_date": inv["day"] + terms,
            "currency_iso_code": inv["cur"],
            "net_amount": net,
            "tax_amount": tax,
            "gross_amount": np.round(net + tax, 2),
            "cost_amount": np.round(net * inv["cost_share"].to_numpy(), 2),
            "is_credit_note": inv["credit"],
        }
    )
    # Payments: on time, late, in parts, or not at all.
    pay = invoice[~invoice["is_credit_note"]]
    m = len(pay)
    u = rng.random(m)
    gross = pay["gross_amount"].to_numpy()
    inv_day = pay["invoice_date"].to_numpy()
    due = pay["due_date"].to_numpy()
    prow: list[tuple[str, int, float]] = []
    ids = pay["id"].to_numpy()
    for i in range(m):
        if u[i] < 0.03:
            continue  # never paid
        if u[i] < 0.13:  # paid in 2-3 parts
            parts = int(2 + (u[i] * 1000) % 2)
            cuts = np.sort(rng.uniform(0.2, 0.8, parts - 1))
            shares = np.diff(np.concatenate([[0.0], cuts, [1.0]]))
            amounts = np.round(gross[i] * shares, 2)
            amounts[-1] = np.round(gross[i] - amounts[:-1].sum(), 2)
            d = inv_day[i] + np.sort(rng.integers(5, 75, parts))
        elif u[i] < 0.30:  # late
            amounts = np.array([gross[i]])
            d = np.array([due[i] + int(rng.integers(1, 60))])
        else:
            amounts = np.array([gross[i]])
            d = np.array([inv_day[i] + int(rng.integers(3, max(4, due[i] - inv_day[i] + 1)))])
        for a, dd in zip(amounts, d, strict=True):
            if dd <= ctx.as_of_day - 1:
                prow.append((ids[i], int(dd), float(a)))
    payment = pd.DataFrame(prow, columns=["invoice_id", "payment_date", "amount"])
    payment = payment.sort_values(
        ["payment_date", "invoice_id"], kind="mergesort", ignore_index=True
    )
    payment.insert(0, "id", seq_ids("ZA-", len(payment), 8))
    return invoice, payment


def build_service_cost(ctx: Ctx, acc: pd.DataFrame, con: pd.DataFrame) -> pd.DataFrame:
    """Create cost-to-serve bookings for accounts under contract."""
    rng = ctx.rng
    rows = []
    cs = con["start_date"].to_numpy()
    ce = con["end_date"].fillna(10**9).to_numpy()
    for m in ctx.months():
        md = to_day(m)
        me = to_day(month_start(m, 1)) - 1
        act = np.unique(con["account_idx"].to_numpy()[(cs <= me) & (ce >= md)])
        k = rng.poisson(0.15 * ctx.month_fraction(m), len(act))
        idx = np.repeat(act, k)
        if len(idx) == 0:
            continue
        ctype = pick(rng, ["phone_support", "on_site_visit", "consulting"], [6, 2, 2], len(idx))
        base = np.where(ctype == "phone_support", 60, np.where(ctype == "on_site_visit", 650, 1200))
        last = min(me, ctx.as_of_day - 1)
        rows.append(
            pd.DataFrame(
                {
                    "account_idx": idx,
                    "cost_date": md + rng.integers(0, max(1, last - md + 1), len(idx)),
                    "cost_type": ctype,
                    "amount_eur": np.round(base * rng.lognormal(0, 0.4, len(idx)), 2),
                }
            )
        )
    sc = pd.concat(rows, ignore_index=True).sort_values(
        ["cost_date", "account_idx"], kind="mergesort", ignore_index=True
    )
    sc.insert(0, "id", seq_ids("SC-", len(sc), 7))
    sc.insert(1, "account_id", acc["id"].to_numpy()[sc["account_idx"].to_numpy()])
    sc["cost_type"] = dirty_picklist(rng, sc["cost_type"].to_numpy(dtype=object), 0.04)
    return sc.drop(columns="account_idx")
