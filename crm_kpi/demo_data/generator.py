"""Generate deterministic, realistically dirty demo extracts for the CRM KPI warehouse.

The generator simulates a mid-sized DACH B2B software vendor over 36 complete months before
the extract month plus the partial extract month. It writes one file per raw table of the
extract contract (``models/staging/*/_*__sources.yml``) to ``<out>/<system>/<table>.<fmt>``,
the reference seeds to ``seeds/reference/`` and the test oracle ``<out>/planted_effects.json``.

Known effects are planted after each region's CRM go-live (win rate, response speed, CRM
usage, NPS, SLA compliance, sales cycle); the region without a go-live (de_east) is the
control group and stays flat. The extracts are dirty the way real ones are: duplicate
versions of a record, soft deletes, picklists with stray case and whitespace, repeated ERP
rows and a handful of rows that break a row-level rule (listed as ``planted_defects``).

Same ``--seed`` and flags give byte-identical files.

Usage::

    python scripts/generate_demo_data.py                       # checked-in demo seeds
    python scripts/generate_demo_data.py --scale 10 --format parquet --out /tmp/extracts10
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from crm_kpi import PROJECT_DIR

LOG = logging.getLogger("generate_demo_data")

SEEDS_DIR = PROJECT_DIR / "seeds"
DAY = 86_400
HOUR = 3_600

# --------------------------------------------------------------------------------------
# The raw extract contract (mirrors models/staging/*/_*__sources.yml; tested against it).
# Types: s varchar, b boolean, t timestamp, d date, f double, i integer.
# --------------------------------------------------------------------------------------
SCHEMAS: dict[str, str] = {
    "crm.user": "id:s name:s email:s department:s title:s manager_id:s is_active:b "
    "created_date:t country_code:s state_code:s license_type_c:s system_modstamp:t is_deleted:b",
    "crm.account": "id:s name:s type:s industry:s owner_id:s billing_country_code:s "
    "billing_state_code:s created_date:t system_modstamp:t is_deleted:b",
    "crm.contact": "id:s account_id:s owner_id:s first_name:s last_name:s email:s phone:s "
    "created_date:t system_modstamp:t is_deleted:b",
    "crm.lead": "id:s owner_id:s lead_source:s status:s company:s first_name:s last_name:s "
    "email:s country_code:s state_code:s created_date:t is_converted:b converted_date:d "
    "converted_account_id:s converted_opportunity_id:s disqualified_date_c:d "
    "disqualification_reason_c:s system_modstamp:t is_deleted:b",
    "crm.opportunity": "id:s account_id:s owner_id:s name:s type:s stage_name:s amount:f "
    "currency_iso_code:s probability:f created_date:t close_date:d is_closed:b is_won:b "
    "lead_id_c:s campaign_id:s loss_reason_c:s system_modstamp:t is_deleted:b",
    "crm.opportunity_history": "id:s opportunity_id:s created_date:t stage_name:s amount:f "
    "probability:f close_date:d system_modstamp:t is_deleted:b",
    "crm.task": "id:s owner_id:s account_id:s who_id:s what_id:s type:s task_subtype:s "
    "status:s activity_date:d completed_date_time:t call_duration_in_seconds:i "
    "system_modstamp:t is_deleted:b",
    "crm.event": "id:s owner_id:s account_id:s who_id:s what_id:s type:s start_date_time:t "
    "duration_in_minutes:i system_modstamp:t is_deleted:b",
    "crm.campaign": "id:s name:s type:s channel_c:s is_multi_step_c:b number_of_steps_c:i "
    "region_code_c:s start_date:d end_date:d budgeted_cost:f actual_cost:f "
    "currency_iso_code:s system_modstamp:t is_deleted:b",
    "crm.campaign_member": "id:s campaign_id:s lead_id:s contact_id:s created_date:t step_c:i "
    "has_responded:b first_responded_date:d system_modstamp:t is_deleted:b",
    "crm.case": "id:s account_id:s owner_id:s contact_id:s type:s priority:s origin:s status:s "
    "created_date:t closed_date:t is_closed:b csat_score_c:i system_modstamp:t is_deleted:b",
    "crm.case_milestone": "id:s case_id:s milestone_type:s start_date:t target_date:t "
    "completion_date:t is_violated:b system_modstamp:t is_deleted:b",
    "crm.contract": "id:s account_id:s start_date:d end_date:d status:s mrr:f "
    "currency_iso_code:s cancellation_reason_c:s system_modstamp:t is_deleted:b",
    "crm.login_history": "id:s user_id:s login_time:t status:s application:s "
    "system_modstamp:t is_deleted:b",
    "erp.invoice": "id:s account_id:s opportunity_id:s invoice_date:d due_date:d "
    "currency_iso_code:s net_amount:f tax_amount:f gross_amount:f cost_amount:f "
    "is_credit_note:b",
    "erp.payment": "id:s invoice_id:s payment_date:d amount:f",
    "erp.service_cost": "id:s account_id:s cost_date:d cost_type:s amount_eur:f",
    "finance.crm_cost": "id:s booking_date:d category:s amount_eur:f",
    "finance.crm_budget": "month:d category:s budget_eur:f",
    "finance.crm_milestone": "id:s name:s planned_date:d actual_date:d",
    "hr.pulse_response": "id:s survey_date:d department:s country_code:s state_code:s enps_score:i",
    "survey.nps_response": "id:s account_id:s contact_id:s responded_at:t score:i channel:s "
    "comment:s",
}
REFERENCE_SCHEMAS: dict[str, str] = {
    "reference.region_mapping": "country_code:s state_code:s region_code:s region_name:s",
    "reference.fx_rate_monthly": "month:d currency_iso_code:s eur_per_unit:f",
    "reference.crm_rollout": "region_code:s go_live_date:d",
    "reference.opportunity_stage": "stage_name:s sort_order:i is_closed:b is_won:b "
    "default_probability:f",
}
DECIMALS: dict[str, int] = {"eur_per_unit": 6}


def parse_schema(spec: str) -> list[tuple[str, str]]:
    """Return ``[(column, type_letter), ...]`` from a compact ``name:type`` schema string."""
    return [tuple(item.split(":")) for item in spec.split()]  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# Company master data
# --------------------------------------------------------------------------------------
REGIONS: dict[str, tuple[str, str, tuple[str, ...], float]] = {
    # region_code: (region_name, country, states ('' = whole country), volume weight)
    "de_north": ("Deutschland Nord", "DE", ("HH", "HB", "SH", "NI", "MV"), 1.0),
    "de_south": ("Deutschland Süd", "DE", ("BY", "BW"), 1.25),
    "de_west": ("Deutschland West", "DE", ("NW", "HE", "RP", "SL"), 1.2),
    "de_east": ("Deutschland Ost", "DE", ("BE", "BB", "SN", "ST", "TH"), 1.0),
    "at": ("Österreich", "AT", ("",), 0.85),
    "ch": ("Schweiz", "CH", ("",), 0.8),
}
REGION_CODES = list(REGIONS)
ROLLOUT: dict[str, date] = {
    "de_south": date(2025, 1, 15),
    "de_west": date(2025, 3, 1),
    "de_north": date(2025, 5, 1),
    "at": date(2025, 7, 1),
    "ch": date(2025, 9, 1),
}
CONTROL_REGIONS = ["de_east"]

STAGES: list[tuple[str, int, bool, bool, float]] = [
    ("Prospecting", 1, False, False, 10.0),
    ("Qualification", 2, False, False, 20.0),
    ("Needs Analysis", 3, False, False, 40.0),
    ("Proposal", 4, False, False, 60.0),
    ("Negotiation", 5, False, False, 80.0),
    ("Closed Won", 6, True, True, 100.0),
    ("Closed Lost", 7, True, False, 0.0),
]
STAGE_PROB = {s[0]: s[4] for s in STAGES}
OPEN_STAGES = [s[0] for s in STAGES[:5]]

# Planted effects: (kpi_code, unit, kind, before, after). Values at KPI level.
EFFECTS: list[tuple[str, str, str, float, float]] = [
    ("win_rate", "percent", "absolute", 25.0, 40.0),
    ("avg_first_response_hours", "hours", "relative", 8.0, 4.8),
    ("crm_active_user_rate", "percent", "absolute", 35.0, 90.0),
    ("crm_login_days_per_user", "days", "absolute", 3.0, 12.0),
    ("nps", "score", "absolute", 5.0, 25.0),
    ("sla_first_response_compliance", "percent", "absolute", 70.0, 90.0),
    ("avg_sales_cycle_days", "days", "relative", 90.0, 76.5),
]
EFFECT = {e[0]: (e[3], e[4]) for e in EFFECTS}

FIRST_NAMES = (
    "Anna Lukas Lena Jonas Marie Felix Laura Paul Sophie Maximilian Julia Leon Sarah Tim "
    "Katharina Niklas Hannah Jan Lisa Florian Johanna David Clara Moritz Eva Simon Theresa "
    "Tobias Franziska Matthias Nina Stefan Sabine Thomas Andrea Michael Claudia Andreas "
    "Petra Markus Ursula Reto Beat Corinne Urs Nadine Lorenz Verena Gregor Miriam"
).split()
LAST_NAMES = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
    "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Krause Meier Lehmann Huber Gruber Bauer Steiner Moser Mayer "
    "Brunner Keller Frei Gerber Baumann Widmer Kälin Egger Lang Winkler Pichler Aigner"
).split()
COMPANY_STEMS = (
    "Nord Süd Alpen Rhein Elb Donau Isar Main Spree Ruhr Weser Boden Harz Eifel Taunus "
    "Schwarzwald Allgäu Inn Aare Limmat Mosel Lahn Havel Saale Neckar Fulda Ems Tauber"
).split()
COMPANY_KINDS = (
    "Maschinenbau Logistik Systemtechnik Elektronik Medizintechnik Bau Energie Software "
    "Handel Consulting Automation Präzision Kunststoff Metall Lebensmittel Verpackung"
).split()
LEGAL_FORMS = {
    "DE": ("GmbH", "AG", "GmbH & Co. KG", "KG"),
    "AT": ("GmbH", "AG"),
    "CH": ("AG", "GmbH", "SA"),
}
INDUSTRIES = (
    "Manufacturing",
    "Wholesale",
    "Logistics",
    "Healthcare",
    "Energy",
    "Construction",
    "Professional Services",
    "Food & Beverage",
)


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------
def to_day(d: date) -> int:
    """Return days since 1970-01-01 for a date."""
    return (d - date(1970, 1, 1)).days


def to_sec(d: date) -> int:
    """Return seconds since epoch (UTC midnight) for a date."""
    return to_day(d) * DAY


def month_start(d: date, add: int = 0) -> date:
    """Return the first day of the month of d, shifted by add months."""
    m = d.year * 12 + d.month - 1 + add
    return date(m // 12, m % 12 + 1, 1)


def month_index(days: np.ndarray) -> np.ndarray:
    """Return year*12+month-1 for an array of epoch days."""
    dt = days.astype("datetime64[D]")
    y = dt.astype("datetime64[Y]").astype(int) + 1970
    m = dt.astype("datetime64[M]").astype(int) % 12
    return y * 12 + m


def month_start_days(days: np.ndarray) -> np.ndarray:
    """Return epoch days of the first of the month for an array of epoch days."""
    return (
        days.astype("datetime64[D]")
        .astype("datetime64[M]")
        .astype("datetime64[D]")
        .astype(np.int64)
    )


def make_ids(prefix: str, n: int, start: int = 1) -> np.ndarray:
    """Return n Salesforce-like 18-character ids with a key prefix."""
    return np.array([f"{prefix}Dm{i:013d}" for i in range(start, start + n)], dtype=object)


def seq_ids(prefix: str, n: int, width: int = 7, start: int = 1) -> np.ndarray:
    """Return n sequential business ids such as ``RE-0000001``."""
    return np.array([f"{prefix}{i:0{width}d}" for i in range(start, start + n)], dtype=object)


def work_time(rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
    """Return epoch seconds at a business hour (06:00-17:00 UTC) on the given epoch days."""
    return days.astype(np.int64) * DAY + rng.integers(6 * HOUR, 17 * HOUR, size=len(days))


def region_go_live_day(regions: np.ndarray) -> np.ndarray:
    """Return the go-live epoch day per region code (a huge value where not live)."""
    lut = {r: to_day(ROLLOUT[r]) if r in ROLLOUT else 10**9 for r in REGION_CODES}
    return np.array([lut[r] for r in regions], dtype=np.int64)


def is_post(regions: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Return whether each (region, epoch day) lies on or after the region's go-live."""
    return np.asarray(days) >= region_go_live_day(np.asarray(regions))


def choice_idx(rng: np.random.Generator, probs: Sequence[float], n: int) -> np.ndarray:
    """Draw n indices from a categorical distribution."""
    p = np.asarray(probs, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def pick(
    rng: np.random.Generator, values: Sequence[str], probs: Sequence[float], n: int
) -> np.ndarray:
    """Draw n values from a categorical distribution."""
    return np.asarray(values, dtype=object)[choice_idx(rng, probs, n)]


def dirty_picklist(rng: np.random.Generator, values: np.ndarray, share: float = 0.05) -> np.ndarray:
    """Return picklist values where a share carries stray case and whitespace."""
    out = values.copy()
    n = len(out)
    hit = np.flatnonzero((rng.random(n) < share) & pd.notna(out))
    variants = rng.integers(0, 5, size=len(hit))
    for i, v in zip(hit, variants, strict=True):
        s = str(out[i])
        out[i] = (s.lower(), s.upper(), " " + s, s + "  ", " " + s.lower() + " ")[v]
    return out


def smart_names(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return n random first and last names."""
    return (
        np.asarray(FIRST_NAMES, dtype=object)[rng.integers(0, len(FIRST_NAMES), n)],
        np.asarray(LAST_NAMES, dtype=object)[rng.integers(0, len(LAST_NAMES), n)],
    )


def umlaut_free(s: str) -> str:
    """Return s lower-cased with umlauts transliterated (for e-mail addresses)."""
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), (" ", ""), ("&", "")):
        s = s.replace(a, b).replace(a.upper(), b.capitalize())
    return s.lower()


@dataclass
class Ctx:
    """Shared generation state: random generator, calendar and master data."""

    rng: np.random.Generator
    scale: float
    as_of: date
    start: date
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    defects: list[dict[str, str]] = field(default_factory=list)

    @property
    def start_day(self) -> int:
        """First day of data history (epoch days)."""
        return to_day(self.start)

    @property
    def as_of_day(self) -> int:
        """Extract date (epoch days)."""
        return to_day(self.as_of)

    @property
    def as_of_sec(self) -> int:
        """Extract moment: 02:00 UTC on the extract date (epoch seconds)."""
        return to_sec(self.as_of) + 2 * HOUR

    def months(self) -> list[date]:
        """Return all month starts from the start through the extract month."""
        out, m = [], self.start
        while m <= self.as_of:
            out.append(m)
            m = month_start(m, 1)
        return out

    def month_fraction(self, m: date) -> float:
        """Return the covered fraction of month m (the extract month is partial)."""
        nxt = month_start(m, 1)
        if nxt <= self.as_of:
            return 1.0
        return (to_day(self.as_of) - to_day(m)) / (to_day(nxt) - to_day(m))

    def n(self, base: float) -> int:
        """Scale a base volume."""
        return max(1, round(base * self.scale))


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


# --------------------------------------------------------------------------------------
# Logins, surveys, finance
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


# --------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------
def _fmt_column(values: pd.Series, typ: str, col: str) -> list[str]:
    """Format one column for CSV: ISO dates, UTC timestamps, true/false, fixed decimals."""
    if typ == "s":
        return [
            "" if (v is None or (isinstance(v, float) and np.isnan(v))) else str(v) for v in values
        ]
    if typ == "b":
        return [
            ""
            if v is None or (isinstance(v, float) and np.isnan(v))
            else ("true" if v else "false")
            for v in values
        ]
    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    ok = ~np.isnan(arr)
    out = np.full(len(arr), "", dtype=object)
    if typ == "i":
        out[ok] = [str(int(round(x))) for x in arr[ok]]
    elif typ == "f":
        d = DECIMALS.get(col, 2)
        out[ok] = [f"{x:.{d}f}" for x in np.round(arr[ok], d) + 0.0]
    elif typ == "d":
        out[ok] = np.datetime_as_string(arr[ok].astype(np.int64).astype("datetime64[D]"), unit="D")
    elif typ == "t":
        s = np.datetime_as_string(arr[ok].astype(np.int64).astype("datetime64[s]"), unit="s")
        out[ok] = np.char.replace(s.astype(str), "T", " ")
    return out.tolist()


def write_csv(df: pd.DataFrame, schema: list[tuple[str, str]], path: Path) -> None:
    """Write a table as CSV in the seed conventions."""
    cols = {c: _fmt_column(df[c], t, c) for c, t in schema}
    pd.DataFrame(cols).to_csv(path, index=False, lineterminator="\n")


def write_parquet(df: pd.DataFrame, schema: list[tuple[str, str]], path: Path) -> None:
    """Write a table as Parquet with typed columns matching the contract."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays, fields = [], []
    for c, t in schema:
        v = df[c]
        if t == "s":
            a = pa.array(
                [
                    None if (x is None or (isinstance(x, float) and np.isnan(x))) else str(x)
                    for x in v
                ],
                pa.string(),
            )
        elif t == "b":
            a = pa.array(
                [
                    None if x is None or (isinstance(x, float) and np.isnan(x)) else bool(x)
                    for x in v
                ],
                pa.bool_(),
            )
        else:
            arr = pd.to_numeric(v, errors="coerce").to_numpy(dtype=float)
            mask = np.isnan(arr)
            filled = np.where(mask, 0, arr)
            if t == "i":
                a = pa.array(np.round(filled).astype(np.int32), pa.int32(), mask=mask)
            elif t == "f":
                a = pa.array(np.round(filled, DECIMALS.get(c, 2)), pa.float64(), mask=mask)
            elif t == "d":
                a = pa.array(filled.astype(np.int32), pa.date32(), mask=mask)
            else:
                a = pa.array(filled.astype(np.int64) * 1_000_000, pa.timestamp("us"), mask=mask)
        arrays.append(a)
        fields.append(pa.field(c, a.type))
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), path, compression="zstd")


def sort_rows(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Sort an extract deterministically (by id, then modstamp; else by all columns)."""
    cols = [c for c in ("id", "system_modstamp") if c in df.columns]
    if not cols:
        cols = [c for c in ("month", "category") if c in df.columns]
    return df.sort_values(cols, kind="mergesort", ignore_index=True)


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
            "script": "scripts/generate_demo_data.py",
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


def write_all(
    raw: dict[str, pd.DataFrame], oracle: dict[str, object], out: Path, fmt: str
) -> dict[str, int]:
    """Write every raw table and the oracle; return row counts per table."""
    counts: dict[str, int] = {}
    for key, spec in SCHEMAS.items():
        system, table = key.split(".")
        schema = parse_schema(spec)
        folder = out / system
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{table}.{fmt}"
        if fmt == "csv":
            write_csv(raw[key], schema, path)
        else:
            write_parquet(raw[key], schema, path)
        counts[key] = len(raw[key])
    (out / "planted_effects.json").write_text(
        json.dumps(oracle, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return counts


def write_reference(folder: Path, as_of: date) -> None:
    """Write the reference seeds as CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    for key, df in reference_tables(as_of, month_start(as_of, -36)).items():
        write_csv(df, parse_schema(REFERENCE_SCHEMAS[key]), folder / f"{key.split('.')[1]}.csv")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse command-line flags."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--scale", type=float, default=1.0, help="volume multiplier (default 1.0)")
    p.add_argument("--format", choices=["csv", "parquet"], default="csv", help="output format")
    p.add_argument(
        "--out", type=Path, default=Path("seeds"), help="output directory (default seeds)"
    )
    p.add_argument(
        "--as-of", default="2026-11-20", help="extract date YYYY-MM-DD (default 2026-11-20)"
    )
    p.add_argument("--write-reference", action="store_true", help="also write the reference seeds")
    p.add_argument(
        "--reference-dir", type=Path, default=SEEDS_DIR / "reference", help=argparse.SUPPRESS
    )
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the generator; return a process exit code."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(levelname)s %(message)s"
    )
    try:
        as_of = date.fromisoformat(args.as_of)
    except ValueError:
        LOG.error("--as-of must be a date YYYY-MM-DD, got %r", args.as_of)
        return 2
    if args.scale <= 0 or args.scale > 100:
        LOG.error("--scale must be in (0, 100], got %s", args.scale)
        return 2
    if as_of < date(2026, 1, 1):
        LOG.error("--as-of must leave an evaluation window after the last go-live (>= 2026-01-01)")
        return 2
    t0 = time.perf_counter()
    raw, oracle = generate(args.seed, args.scale, as_of)
    out: Path = args.out
    try:
        counts = write_all(raw, oracle, out, args.format)
        if args.write_reference or out.resolve() == SEEDS_DIR.resolve():
            write_reference(args.reference_dir, as_of)
    except OSError as exc:
        LOG.error("cannot write output: %s", exc)
        return 1
    for key, k in counts.items():
        LOG.info("%-28s %8d rows", key, k)
    LOG.info("total %d rows in %.1fs -> %s", sum(counts.values()), time.perf_counter() - t0, out)
    return 0

