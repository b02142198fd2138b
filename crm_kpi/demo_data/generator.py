"""Generate every raw table and the planted-effects oracle (the orchestration)."""

from __future__ import annotations

import logging
import time
from datetime import date

import numpy as np
import pandas as pd

from crm_kpi.demo_data.billing import build_billing, build_contracts, build_service_cost
from crm_kpi.demo_data.company import CONTROL_REGIONS, EFFECTS, ROLLOUT
from crm_kpi.demo_data.crm_users_accounts import (
    build_accounts,
    build_contacts,
    build_logins,
    build_users,
    user_table,
)
from crm_kpi.demo_data.dirt import dirty_crm, exact_duplicates, plant_defects
from crm_kpi.demo_data.finance import build_finance
from crm_kpi.demo_data.helpers import DAY, HOUR, Ctx, dirty_picklist, month_start, work_time
from crm_kpi.demo_data.marketing import build_campaign_members, build_campaigns, build_leads
from crm_kpi.demo_data.sales import build_activities, build_opportunities
from crm_kpi.demo_data.service import build_cases
from crm_kpi.demo_data.surveys_hr import build_nps, build_pulse
from crm_kpi.demo_data.writer import sort_rows

LOG = logging.getLogger("generate_demo_data")


# --------------------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------------------
def generate(
    seed: int, scale: float, as_of: date
) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """Generate all raw tables and the planted-effects oracle."""
    start = month_start(as_of, -36)
    ctx = Ctx(rng=np.random.default_rng(seed), scale=scale, as_of=as_of, start=start)
    t0 = time.perf_counter()
    users = build_users(ctx)
    acc = build_accounts(ctx, users)
    contacts = build_contacts(ctx, acc)
    camps = build_campaigns(ctx)
    opp, hist = build_opportunities(ctx, users, acc, camps)
    LOG.info("opportunities: %d (%.1fs)", len(opp), time.perf_counter() - t0)
    leads = build_leads(ctx, users, acc, opp)
    opp = opp.merge(
        leads.loc[leads["is_converted"], ["converted_opportunity_id", "id"]].rename(
            columns={"converted_opportunity_id": "id", "id": "lead_id_c"}
        ),
        on="id",
        how="left",
    )
    members = build_campaign_members(ctx, camps, leads, contacts, acc)
    con = build_contracts(ctx, acc, opp)
    customers = np.zeros(len(acc), bool)
    customers[np.unique(con["account_idx"].to_numpy())] = True
    # Account type follows the contract status at extraction.
    active_now = con[con["end_date"].isna() | (con["end_date"] >= ctx.as_of_day)][
        "account_idx"
    ].unique()
    acc_type = np.where(customers, "Former Customer", "Prospect")
    acc_type[active_now] = "Customer"
    acc_type[(acc_type == "Prospect") & (ctx.rng.random(len(acc)) < 0.04)] = "Partner"
    tasks, events = build_activities(ctx, opp, acc, contacts, leads, customers)
    cases, milestones = build_cases(ctx, users, acc, contacts, customers)
    LOG.info("cases: %d (%.1fs)", len(cases), time.perf_counter() - t0)
    invoice, payment = build_billing(ctx, acc, opp, con)
    service_cost = build_service_cost(ctx, acc, con)
    logins = build_logins(ctx, users)
    nps = build_nps(ctx, acc, contacts, customers)
    pulse = build_pulse(ctx)
    crm_cost, crm_budget, crm_ms = build_finance(ctx, users)
    LOG.info("all entities built (%.1fs)", time.perf_counter() - t0)

    rng = ctx.rng
    account = pd.DataFrame(
        {
            "id": acc["id"],
            "name": acc["name"],
            "type": dirty_picklist(rng, acc_type.astype(object), 0.05),
            "industry": acc["industry"],
            "owner_id": acc["owner_id"],
            "billing_country_code": acc["country"],
            "billing_state_code": acc["state"].where(acc["state"] != "", None),
            "created_date": work_time(rng, acc["created_day"].to_numpy()),
            "system_modstamp": ctx.as_of_sec
            - rng.integers(1, 400, len(acc)) * DAY
            - rng.integers(0, DAY, len(acc)),
        }
    )
    account["system_modstamp"] = np.maximum(
        account["system_modstamp"], account["created_date"] + HOUR
    )
    contacts["system_modstamp"] = np.maximum(
        contacts["created_date"] + HOUR, ctx.as_of_sec - rng.integers(1, 700, len(contacts)) * DAY
    )
    opp_out = opp.copy()
    opp_out["type"] = opp_out["type"].to_numpy(dtype=object)
    # Type spelling varies like a hand-maintained picklist.
    variants = {
        "Cross-Sell": ["Cross Sell", "cross-sell  ", " cross sell", "CROSS-SELL"],
        "Deep-Sell": ["Deep Sell", "deep-sell"],
        "Upsell": ["upsell ", "UPSELL"],
        "New Business": ["new business", "New business "],
    }
    tv = opp_out["type"].to_numpy(dtype=object)
    r = rng.random(len(tv))
    for i in np.flatnonzero(r < 0.08):
        v = variants[tv[i]]
        tv[i] = v[int(r[i] * 1000) % len(v)]
    opp_out["type"] = tv
    stage_variants = {
        "Closed Won": [" closed won", "CLOSED WON", "Closed won "],
        "Closed Lost": ["closed lost", " Closed Lost"],
        "Proposal": ["proposal", "PROPOSAL "],
    }
    for frame in (opp_out, hist):
        sv = frame["stage_name"].to_numpy(dtype=object)
        r = rng.random(len(sv))
        for i in np.flatnonzero(r < 0.06):
            v = stage_variants.get(sv[i])
            if v:
                sv[i] = v[int(r[i] * 1000) % len(v)]
        frame["stage_name"] = sv
    opp_out["close_date"] = opp_out["close_day"]
    cases["type"] = dirty_picklist(rng, cases["type"].to_numpy(dtype=object), 0.05)
    cases["status"] = dirty_picklist(rng, cases["status"].to_numpy(dtype=object), 0.03)
    milestones["milestone_type"] = dirty_picklist(
        rng, milestones["milestone_type"].to_numpy(dtype=object), 0.03
    )
    leads["lead_source"] = dirty_picklist(rng, leads["lead_source"].to_numpy(dtype=object), 0.05)
    leads["status"] = dirty_picklist(rng, leads["status"].to_numpy(dtype=object), 0.04)
    leads["disqualification_reason_c"] = dirty_picklist(
        rng, leads["disqualification_reason_c"].to_numpy(dtype=object), 0.05
    )
    tasks["type"] = dirty_picklist(rng, tasks["type"].to_numpy(dtype=object), 0.04)
    tasks["status"] = dirty_picklist(rng, tasks["status"].to_numpy(dtype=object), 0.03)
    events["type"] = dirty_picklist(rng, events["type"].to_numpy(dtype=object), 0.04)
    camps["type"] = dirty_picklist(rng, camps["type"].to_numpy(dtype=object), 0.05)
    camps["start_date"] = camps["start_day"]
    camps["end_date"] = camps["end_day"]
    camps["system_modstamp"] = np.minimum(camps["end_day"] * DAY + 12 * HOUR, ctx.as_of_sec - 3600)
    con["status"] = dirty_picklist(rng, con["status"].to_numpy(dtype=object), 0.04)
    con["cancellation_reason_c"] = dirty_picklist(
        rng, con["cancellation_reason_c"].to_numpy(dtype=object), 0.05
    )

    raw: dict[str, pd.DataFrame] = {
        "crm.user": user_table(ctx, users),
        "crm.account": account,
        "crm.contact": contacts,
        "crm.lead": leads,
        "crm.opportunity": opp_out,
        "crm.opportunity_history": hist,
        "crm.task": tasks,
        "crm.event": events,
        "crm.campaign": camps,
        "crm.campaign_member": members,
        "crm.case": cases,
        "crm.case_milestone": milestones,
        "crm.contract": con,
        "crm.login_history": logins,
    }
    for key in list(raw):
        if key == "crm.user":
            continue  # the user extract carries its own department-change versions
        raw[key] = dirty_crm(ctx, key, raw[key])
    raw["erp.invoice"] = exact_duplicates(ctx, invoice)
    raw["erp.payment"] = exact_duplicates(ctx, payment)
    raw["erp.service_cost"] = service_cost
    raw["survey.nps_response"] = nps
    raw["hr.pulse_response"] = pulse
    raw["finance.crm_cost"] = crm_cost
    raw["finance.crm_budget"] = crm_budget
    raw["finance.crm_milestone"] = crm_ms
    plant_defects(ctx, raw)
    for key in list(raw):
        raw[key] = sort_rows(raw[key], key)

    effects = [
        {
            "kpi_code": code,
            "unit": unit,
            "kind": kind,
            "expected_change": round(after - before, 2)
            if kind == "absolute"
            else round((after / before - 1) * 100, 2),
            "before": before,
            "after": after,
            "regions": sorted(ROLLOUT),
        }
        for code, unit, kind, before, after in EFFECTS
    ]
    oracle: dict[str, object] = {
        "generator": {
            "script": "python -m crm_kpi.demo_data",
            "seed": seed,
            "scale": scale,
            "as_of": as_of.isoformat(),
            "history_start": start.isoformat(),
        },
        "rollout": {r: d.isoformat() for r, d in sorted(ROLLOUT.items())},
        "control_regions": CONTROL_REGIONS,
        "windows": {"baseline_months": 12, "stabilization_months": 3, "evaluation_months": 12},
        "effects": effects,
        "planted_defects": sorted(ctx.defects, key=lambda d: (d["table"], d["id"])),
    }
    return raw, oracle
