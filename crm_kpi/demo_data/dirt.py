"""Dirt the way real extracts have it: versions, soft deletes, duplicates, defects."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crm_kpi.demo_data.helpers import DAY, Ctx, make_ids

# --------------------------------------------------------------------------------------
# Dirt and defects
# --------------------------------------------------------------------------------------
MUTATE: dict[str, str] = {
    "crm.account": "type",
    "crm.contact": "email",
    "crm.lead": "status",
    "crm.opportunity": "stage_name",
    "crm.opportunity_history": "amount",
    "crm.task": "status",
    "crm.event": "duration_in_minutes",
    "crm.campaign": "actual_cost",
    "crm.campaign_member": "has_responded",
    "crm.case": "status",
    "crm.case_milestone": "completion_date",
    "crm.contract": "mrr",
    "crm.login_history": "application",
    "crm.user": "title",
}
OLDER_VALUES: dict[str, object] = {
    "type": "Prospect",
    "status": "Working",
    "stage_name": "Qualification",
    "application": "Browser",
    "title": "Sales Representative",
}


def dirty_crm(
    ctx: Ctx, key: str, df: pd.DataFrame, dup_share: float = 0.025, del_share: float = 0.01
) -> pd.DataFrame:
    """Add older duplicate versions (one field differs) and soft deletes to a CRM extract."""
    rng = ctx.rng
    n = len(df)
    df = df.copy()
    df["is_deleted"] = False
    k = max(1, int(round(n * dup_share)))
    dup = np.sort(rng.choice(n, size=min(k, n), replace=False))
    older = df.iloc[dup].copy()
    older["system_modstamp"] = (
        older["system_modstamp"]
        - rng.integers(1, 60, len(older)) * DAY
        - rng.integers(0, DAY, len(older))
    )
    col = MUTATE[key]
    if col in OLDER_VALUES:
        older[col] = OLDER_VALUES[col]
    elif col == "email":
        older[col] = older[col].str.replace(".example", ".old.example", regex=False)
    elif col == "has_responded":
        older[col] = False
        older["first_responded_date"] = np.nan
    elif col == "completion_date":
        older[col] = np.nan
    elif col == "duration_in_minutes":
        older[col] = 30
    else:
        older[col] = np.round(older[col].astype(float) * 0.9, 2)
    kdel = max(1, int(round(n * del_share)))
    delete = rng.choice(n, size=min(kdel, n), replace=False)
    # A third of the soft deletes hit the latest version of a duplicated id.
    delete[: len(delete) // 3] = dup[: len(delete) // 3]
    df.iloc[np.unique(delete), df.columns.get_loc("is_deleted")] = True
    df.loc[df["is_deleted"], "system_modstamp"] = np.minimum(
        df.loc[df["is_deleted"], "system_modstamp"] + DAY, ctx.as_of_sec - 60
    )
    return pd.concat([df, older], ignore_index=True)


def exact_duplicates(ctx: Ctx, df: pd.DataFrame, share: float = 0.01) -> pd.DataFrame:
    """Repeat a share of rows exactly (a repeated ERP extract)."""
    k = max(1, int(round(len(df) * share)))
    rep = ctx.rng.choice(len(df), size=k, replace=False)
    return pd.concat([df, df.iloc[np.sort(rep)]], ignore_index=True)


def defect(ctx: Ctx, table: str, ids: Sequence[str], rule: str) -> None:
    """Record planted rule violations for the oracle."""
    for i in ids:
        ctx.defects.append({"table": table, "id": str(i), "rule": rule})


def plant_defects(ctx: Ctx, t: dict[str, pd.DataFrame]) -> None:
    """Plant a handful of rows per table that break a row-level rule (quarantine)."""
    rng = ctx.rng
    # NPS scores out of range.
    nps = t["survey.nps_response"]
    hit = np.sort(rng.choice(len(nps), 5, replace=False))
    nps.loc[hit, "score"] = np.array([11, 11, 12, -1, 11])
    defect(ctx, "survey.nps_response", nps.loc[hit, "id"], "score_out_of_range")
    # Negative net amount on an invoice that is not a credit note.
    inv = t["erp.invoice"]
    cand = np.flatnonzero(
        ~inv["is_credit_note"].to_numpy()
        & inv["opportunity_id"].isna().to_numpy()
        & ~inv["id"].duplicated(keep=False).to_numpy()
    )
    hit = np.sort(rng.choice(cand, 4, replace=False))
    for c in ("net_amount", "tax_amount", "gross_amount", "cost_amount"):
        inv.loc[hit, c] = -inv.loc[hit, c].abs()
    # A booking error like this is never paid: drop its payments.
    pay = t["erp.payment"]
    t["erp.payment"] = pay[~pay["invoice_id"].isin(inv.loc[hit, "id"])].reset_index(drop=True)
    defect(ctx, "erp.invoice", inv.loc[hit, "id"], "negative_amount_on_invoice")
    # Opportunities closed before they were created (copies of lost deals, own history row).
    opp = t["crm.opportunity"]
    hist = t["crm.opportunity_history"]
    src = (
        opp[opp["is_closed"] & ~opp["is_won"] & ~opp["is_deleted"]].drop_duplicates("id").iloc[:200]
    )
    src = src.iloc[np.sort(rng.choice(len(src), 4, replace=False))].copy()
    src["id"] = make_ids("006", 4, start=900_000_001)
    src["close_date"] = src["created_date"] // DAY - rng.integers(5, 40, 4)
    src["loss_reason_c"] = "No Decision"
    h = pd.DataFrame(
        {
            "id": make_ids("008", 4, start=900_000_001),
            "opportunity_id": src["id"].to_numpy(),
            "created_date": src["created_date"].to_numpy(),
            "stage_name": src["stage_name"].to_numpy(),
            "amount": src["amount"].to_numpy(),
            "probability": src["probability"].to_numpy(),
            "close_date": src["close_date"].to_numpy(),
            "system_modstamp": src["created_date"].to_numpy(),
            "is_deleted": False,
        }
    )
    t["crm.opportunity"] = pd.concat([opp, src], ignore_index=True)
    t["crm.opportunity_history"] = pd.concat([hist, h], ignore_index=True)
    defect(ctx, "crm.opportunity", src["id"], "close_before_created")
    # Unknown currency on contracts.
    con = t["crm.contract"]
    cand = np.flatnonzero(
        ~con["is_deleted"].to_numpy() & ~con["id"].duplicated(keep=False).to_numpy()
    )
    hit = np.sort(rng.choice(cand, 3, replace=False))
    con.loc[hit, "currency_iso_code"] = "XXX"
    defect(ctx, "crm.contract", con.loc[hit, "id"], "unknown_currency")
    # Unknown milestone types.
    ms = t["crm.case_milestone"]
    cand = np.flatnonzero(
        ~ms["is_deleted"].to_numpy() & ~ms["id"].duplicated(keep=False).to_numpy()
    )
    hit = np.sort(rng.choice(cand, 4, replace=False))
    ms.loc[hit, "milestone_type"] = np.array(
        ["Customer Callback", "Escalation Response", "customer callback", "Onsite Arrival"]
    )
    defect(ctx, "crm.case_milestone", ms.loc[hit, "id"], "unknown_milestone_type")
    # Campaign members of a campaign that does not exist.
    cm = t["crm.campaign_member"]
    cand = np.flatnonzero(
        ~cm["is_deleted"].to_numpy() & ~cm["id"].duplicated(keep=False).to_numpy()
    )
    hit = np.sort(rng.choice(cand, 5, replace=False))
    cm.loc[hit, "campaign_id"] = "701Dm9999999999999"
    defect(ctx, "crm.campaign_member", cm.loc[hit, "id"], "unknown_campaign")
