"""CRM users (reps and their department changes), accounts, contacts and logins."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from crm_kpi.demo_data.company import (
    COMPANY_KINDS,
    COMPANY_STEMS,
    EFFECT,
    INDUSTRIES,
    LEGAL_FORMS,
    REGIONS,
)
from crm_kpi.demo_data.helpers import (
    DAY,
    HOUR,
    Ctx,
    dirty_picklist,
    make_ids,
    month_start,
    pick,
    region_go_live_day,
    smart_names,
    to_day,
    to_sec,
    umlaut_free,
    work_time,
)


# --------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------
def build_users(ctx: Ctx) -> pd.DataFrame:
    """Create ~40 users per roster copy: reps, service agents, marketing, management."""
    rng = ctx.rng
    copies = max(1, round(ctx.scale))
    rows: list[dict[str, object]] = []
    seq = 0

    def add(region: str, dept: str, title: str, lic: str, mgr: str | None, **kw: object) -> str:
        nonlocal seq
        seq += 1
        uid = f"005Dm{seq:013d}"
        country = REGIONS[region][1]
        states = REGIONS[region][2]
        state = kw.pop("state", states[int(rng.integers(0, len(states)))])
        created = kw.pop(
            "created", date(2017 + int(rng.integers(0, 6)), int(rng.integers(1, 13)), 1)
        )
        rows.append(
            {
                "id": uid,
                "region": region,
                "department": dept,
                "title": title,
                "license_type_c": lic,
                "manager_id": mgr,
                "country_code": country,
                "state_code": state or None,
                "created_day": to_day(created) + int(rng.integers(0, 27)),
                "left_day": kw.pop("left_day", None),
                "old_department": kw.pop("old_department", None),
                "also_region": kw.pop("also_region", None),
            }
        )
        return uid

    for _ in range(copies):
        ceo = add("de_south", "Management", "Geschäftsführer", "none", None, state="BY")
        vp = add("de_south", "Management", "VP Sales DACH", "Sales Cloud", ceo, state="BY")
        hos = add(
            "de_west", "Management", "Head of Customer Service", "Service Cloud", ceo, state="NW"
        )
        hom = add("de_south", "Management", "Head of Marketing", "Sales Cloud", ceo, state="BY")
        directors = {
            "de_north": add(
                "de_north", "Management", "Sales Director Nord/Ost", "Sales Cloud", vp, state="HH"
            ),
            "de_south": add(
                "de_south", "Management", "Sales Director Süd/West", "Sales Cloud", vp, state="BW"
            ),
            "at": add("at", "Management", "Sales Director Alpenraum", "Sales Cloud", vp),
        }
        director_of = {
            "de_north": "de_north",
            "de_east": "de_north",
            "de_south": "de_south",
            "de_west": "de_south",
            "at": "at",
            "ch": "at",
        }
        reps = {
            "de_south": ["Key Account", "Sales", "Sales", "Inside Sales"],
            "de_west": ["Key Account", "Sales", "Sales", "Inside Sales"],
            "de_north": ["Sales", "Sales", "Inside Sales"],
            "de_east": ["Sales", "Sales", "Inside Sales"],
            "at": ["Key Account", "Sales", "Inside Sales"],
            "ch": ["Key Account", "Sales", "Inside Sales"],
        }
        titles = {
            "Key Account": "Key Account Manager",
            "Sales": "Account Executive",
            "Inside Sales": "Inside Sales Representative",
        }
        changed = 0
        for region, depts in reps.items():
            for j, dept in enumerate(depts):
                kw: dict[str, object] = {}
                if region == "de_south" and dept == "Key Account":
                    kw["also_region"] = "at"
                if (
                    dept in ("Sales", "Key Account")
                    and j == 1
                    and changed < 2
                    and region in ("de_west", "de_north")
                ):
                    kw["old_department"] = "Inside Sales"
                    changed += 1
                add(region, dept, titles[dept], "Sales Cloud", directors[director_of[region]], **kw)
        # Reps who left (inactive users; they own older records).
        add(
            "de_west",
            "Sales",
            "Account Executive",
            "Sales Cloud",
            directors["de_south"],
            left_day=to_day(date(2025, 4, 30)),
        )
        add(
            "de_east",
            "Inside Sales",
            "Inside Sales Representative",
            "Sales Cloud",
            directors["de_north"],
            left_day=to_day(date(2024, 9, 30)),
        )
        # Service agents.
        for region, k in (
            ("de_south", 2),
            ("de_west", 2),
            ("de_north", 1),
            ("de_east", 1),
            ("at", 1),
            ("ch", 1),
        ):
            for _ in range(k):
                add(region, "Service", "Customer Service Agent", "Service Cloud", hos)
        add(
            "de_north",
            "Service",
            "Customer Service Agent",
            "Service Cloud",
            hos,
            left_day=to_day(date(2024, 12, 31)),
        )
        # A service agent hired during the period.
        add(
            "de_east",
            "Service",
            "Customer Service Agent",
            "Service Cloud",
            hos,
            created=date(2025, 6, 1),
        )
        # Marketing.
        add("de_south", "Marketing", "Campaign Manager", "Sales Cloud", hom, state="BY")
        add("de_south", "Marketing", "Marketing Assistant", "none", hom, state="BY")
        add("de_west", "Marketing", "Marketing Manager", "Sales Cloud", hom, state="NW")

    df = pd.DataFrame(rows)
    first, last = smart_names(rng, len(df))
    df["name"] = [f"{a} {b}" for a, b in zip(first, last, strict=True)]
    df["email"] = [
        f"{umlaut_free(a)}.{umlaut_free(b)}@alpina-software.example"
        for a, b in zip(first, last, strict=True)
    ]
    df["is_active"] = df["left_day"].isna()
    return df


def user_table(ctx: Ctx, users: pd.DataFrame) -> pd.DataFrame:
    """Return the crm.user extract, including older versions of users who changed department."""
    rng = ctx.rng
    out = pd.DataFrame(
        {
            "id": users["id"],
            "name": users["name"],
            "email": users["email"],
            "department": dirty_picklist(rng, users["department"].to_numpy(dtype=object), 0.1),
            "title": users["title"],
            "manager_id": users["manager_id"],
            "is_active": users["is_active"],
            "created_date": users["created_day"] * DAY + 8 * HOUR,
            "country_code": users["country_code"],
            "state_code": users["state_code"],
            "license_type_c": users["license_type_c"],
            "system_modstamp": ctx.as_of_sec - rng.integers(1, 200, len(users)) * DAY,
            "is_deleted": False,
        }
    )
    left = users["left_day"].notna()
    out.loc[left, "system_modstamp"] = (
        users.loc[left, "left_day"].astype(np.int64) * DAY + 10 * HOUR
    )
    old = users[users["old_department"].notna()]
    older = out[out["id"].isin(old["id"])].copy()
    older["department"] = old["old_department"].to_numpy()
    older["title"] = "Inside Sales Representative"
    older["system_modstamp"] = to_sec(date(2024, 6, 1)) + rng.integers(0, 90, len(older)) * DAY
    out.loc[out["id"].isin(old["id"]), "system_modstamp"] = (
        to_sec(date(2024, 10, 1)) + rng.integers(0, 30, len(older)) * DAY
    )
    return pd.concat([out, older], ignore_index=True)


def reps_of(users: pd.DataFrame, region: str, day: int | None = None) -> list[str]:
    """Return ids of sales reps working in a region (optionally: employed on a day)."""
    sales = users[users["department"].isin(["Sales", "Key Account", "Inside Sales"])]
    mask = (sales["region"] == region) | (sales["also_region"] == region)
    if day is not None:
        mask &= (sales["created_day"] <= day) & (
            sales["left_day"].isna() | (sales["left_day"] >= day)
        )
    return sales.loc[mask, "id"].tolist()


# --------------------------------------------------------------------------------------
# Accounts and contacts
# --------------------------------------------------------------------------------------
def build_accounts(ctx: Ctx, users: pd.DataFrame) -> pd.DataFrame:
    """Create accounts in all regions; a share are customers since before data history."""
    rng = ctx.rng
    frames = []
    for region, (_, country, states, w) in REGIONS.items():
        n = ctx.n(260 * w)
        st = np.asarray(states, dtype=object)[rng.integers(0, len(states), n)]
        pool = reps_of(users, region)
        pool_active = [u for u in pool if users.set_index("id").loc[u, "is_active"]]
        owner = np.asarray(pool_active, dtype=object)[rng.integers(0, len(pool_active), n)]
        frames.append(
            pd.DataFrame({"region": region, "country": country, "state": st, "owner_id": owner})
        )
    acc = pd.concat(frames, ignore_index=True)
    n = len(acc)
    acc["id"] = make_ids("001", n)
    stems = np.asarray(COMPANY_STEMS, dtype=object)[rng.integers(0, len(COMPANY_STEMS), n)]
    kinds = np.asarray(COMPANY_KINDS, dtype=object)[rng.integers(0, len(COMPANY_KINDS), n)]
    forms = [
        LEGAL_FORMS[c][int(k) % len(LEGAL_FORMS[c])]
        for c, k in zip(acc["country"], rng.integers(0, 4, n), strict=True)
    ]
    acc["name"] = [f"{a} {b} {f}" for a, b, f in zip(stems, kinds, forms, strict=True)]
    dup_name = acc["name"].duplicated(keep="first")
    acc.loc[dup_name, "name"] = (
        acc.loc[dup_name, "name"] + " " + (np.flatnonzero(dup_name) % 97 + 2).astype(str)
    )
    acc["industry"] = pick(ctx.rng, INDUSTRIES, [5, 2, 2, 1.5, 1, 1.5, 2, 1], n)
    # 40% are customers since before the data history (legacy deals, migrated).
    acc["legacy_customer"] = rng.random(n) < 0.4
    span = ctx.as_of_day - 30 - to_day(date(2016, 1, 1))
    acc["created_day"] = to_day(date(2016, 1, 1)) + rng.integers(0, span, n)
    acc.loc[acc["legacy_customer"], "created_day"] = to_day(date(2016, 1, 1)) + rng.integers(
        0, ctx.start_day - 120 - to_day(date(2016, 1, 1)), int(acc["legacy_customer"].sum())
    )
    acc["currency"] = "EUR"
    ch = (acc["country"] == "CH").to_numpy()
    acc.loc[ch, "currency"] = np.where(rng.random(ch.sum()) < 0.85, "CHF", "EUR")
    other = (~ch) & (rng.random(n) < 0.06)
    acc.loc[other, "currency"] = np.where(rng.random(other.sum()) < 0.65, "USD", "GBP")
    acc["vat"] = acc["country"].map({"DE": 0.19, "AT": 0.20, "CH": 0.081})
    return acc.sort_values("id", ignore_index=True)


def build_contacts(ctx: Ctx, acc: pd.DataFrame) -> pd.DataFrame:
    """Create 1-5 contacts per account."""
    rng = ctx.rng
    k = rng.integers(1, 5, len(acc))
    idx = np.repeat(np.arange(len(acc)), k)
    n = len(idx)
    first, last = smart_names(rng, n)
    created = acc["created_day"].to_numpy()[idx] + rng.integers(0, 400, n)
    created = np.minimum(created, ctx.as_of_day - 1)
    dom = [umlaut_free(x.split()[0] + x.split()[1])[:20] for x in acc["name"].to_numpy()[idx]]
    df = pd.DataFrame(
        {
            "id": make_ids("003", n),
            "account_id": acc["id"].to_numpy()[idx],
            "owner_id": acc["owner_id"].to_numpy()[idx],
            "first_name": first,
            "last_name": last,
            "email": [
                f"{umlaut_free(a)[0]}.{umlaut_free(b)}@{d}.example"
                for a, b, d in zip(first, last, dom, strict=True)
            ],
            "phone": [
                f"+{cc} {rng.integers(30, 999)} {rng.integers(100000, 9999999)}"
                for cc in acc["country"].map({"DE": 49, "AT": 43, "CH": 41}).to_numpy()[idx]
            ],
            "created_date": work_time(rng, created),
        }
    )
    return df


# --------------------------------------------------------------------------------------
# Logins
# --------------------------------------------------------------------------------------
def build_logins(ctx: Ctx, users: pd.DataFrame) -> pd.DataFrame:
    """Create login history: low legacy use before go-live, broad daily use after."""
    rng = ctx.rng
    rate_b, rate_a = (x / 100 for x in EFFECT["crm_active_user_rate"])
    days_b, days_a = EFFECT["crm_login_days_per_user"]
    rows_u: list[np.ndarray] = []
    rows_t: list[np.ndarray] = []
    rows_app: list[np.ndarray] = []
    lic = users[users["license_type_c"] != "none"]
    for u in lic.itertuples(index=False):
        gl = region_go_live_day(np.array([u.region]))[0]
        for m in ctx.months():
            md = to_day(m)
            me = min(to_day(month_start(m, 1)), ctx.as_of_day)
            lo = max(md, int(u.created_day))
            hi = me if pd.isna(u.left_day) else min(me, int(u.left_day) + 1)
            if hi <= lo:
                continue
            post = md >= gl
            rate, mean_days = (rate_a, days_a) if post else (rate_b, days_b)
            frac = (hi - lo) / (to_day(month_start(m, 1)) - md)
            if rng.random() >= rate:
                continue
            nd = min(hi - lo, 1 + int(rng.poisson(max(0.0, (mean_days / rate - 1) * frac))))
            days = lo + np.sort(rng.choice(hi - lo, size=nd, replace=False))
            per_day = 1 + rng.poisson(0.25 if post else 0.05, nd)
            d = np.repeat(days, per_day)
            rows_u.append(np.full(len(d), u.id, dtype=object))
            rows_t.append(work_time(rng, d))
            app = (
                pick(
                    rng,
                    ["Browser", "Salesforce for iOS", "Salesforce for Android"],
                    [8, 1.5, 0.5],
                    len(d),
                )
                if post
                else np.full(len(d), "Legacy CRM Client", dtype=object)
            )
            rows_app.append(app)
    lh = pd.DataFrame(
        {
            "user_id": np.concatenate(rows_u),
            "login_time": np.concatenate(rows_t),
            "application": np.concatenate(rows_app),
        }
    )
    lh = lh[lh["login_time"] < ctx.as_of_sec].reset_index(drop=True)
    lh["status"] = "Success"
    fails = lh.sample(
        frac=0.04, random_state=np.random.RandomState(int(rng.integers(0, 2**31)))
    ).copy()
    fails["login_time"] = fails["login_time"] - rng.integers(20, 600, len(fails))
    fails["status"] = pick(
        rng,
        ["Invalid Password", "Password Lockout", "Failed: Computer activation required"],
        [8, 1, 1],
        len(fails),
    )
    lh = pd.concat([lh, fails], ignore_index=True).sort_values(
        ["login_time", "user_id"], kind="mergesort", ignore_index=True
    )
    lh["id"] = make_ids("0Ya", len(lh))
    lh["system_modstamp"] = lh["login_time"]
    return lh
