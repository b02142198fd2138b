"""Calendar, id and random-draw helpers and the shared generation state ``Ctx``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from crm_kpi.demo_data.company import FIRST_NAMES, LAST_NAMES, REGION_CODES, ROLLOUT

DAY = 86_400
HOUR = 3_600


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
