"""Command line of the demo generator: ``python -m crm_kpi.demo_data``."""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from crm_kpi import PROJECT_DIR
from crm_kpi.demo_data.generator import generate
from crm_kpi.demo_data.writer import write_all, write_reference

LOG = logging.getLogger("generate_demo_data")
SEEDS_DIR = PROJECT_DIR / "seeds"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse command-line flags."""
    p = argparse.ArgumentParser(
        prog="python -m crm_kpi.demo_data",
        description="Generate the deterministic, dirty demo extracts.",
    )
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
