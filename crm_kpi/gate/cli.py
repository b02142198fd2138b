"""Pre-build gate: validate raw extracts against the contract before dbt runs.

Two modes:

* demo (default): validate the seed CSVs ``seeds/<system>/<table>.csv`` (run after
  ``dbt seed``, before ``dbt build``);
* own extracts: ``--extract-dir DIR [--format parquet|csv|auto]`` validates
  ``DIR/<system>/<table>.<format>`` and, when nothing blocks, writes normalised, typed
  Parquet copies to ``--landing-dir`` (default ``warehouse/landing``) for dbt to read with
  ``CRM_KPI_EXTRACT_DIR=warehouse/landing CRM_KPI_EXTRACT_FORMAT=parquet``. The landing is
  replaced atomically, so a failed run leaves an earlier landing untouched.

Exit codes: 0 = no blocking finding (warnings allowed), 1 = blocking findings (the build
must stop), 2 = wrong usage. The report goes to stdout and to a JSON file
(``warehouse/reports/extract_validation.json``). See docs/quality_gates.md.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from crm_kpi import PROJECT_DIR
from crm_kpi.contract import ContractError
from crm_kpi.gate.gate import GateConfig, run_gate
from crm_kpi.gate.report import render_text, write_json

LOG = logging.getLogger("validate_extracts")


def add_extract_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--extract-dir`` and ``--format`` (the gate's and the build's input options)."""
    parser.add_argument(
        "--extract-dir",
        type=Path,
        help="own extracts: a folder with <system>/<table>.<format> files (default: the demo "
        "seeds)",
    )
    parser.add_argument(
        "--format",
        dest="file_format",
        choices=["auto", "parquet", "csv"],
        default="auto",
        help="file format of --extract-dir (default auto: parquet if present, else csv)",
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m crm_kpi.gate",
        description="Validate raw extracts (demo seeds or your own files) before dbt runs.",
    )
    add_extract_arguments(parser)
    parser.add_argument(
        "--landing-dir",
        type=Path,
        help="where validated Parquet copies go (default warehouse/landing with --extract-dir; "
        "the demo seeds are not landed unless this is given)",
    )
    parser.add_argument(
        "--seeds-dir",
        type=Path,
        default=PROJECT_DIR / "seeds",
        help="demo seed folder (default seeds/)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=PROJECT_DIR / "warehouse" / "reports" / "extract_validation.json",
        help="JSON report path (default warehouse/reports/extract_validation.json)",
    )
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=PROJECT_DIR,
        help="dbt project whose source YAML is the contract (default: this project)",
    )
    parser.add_argument(
        "--tables",
        help="comma-separated <system>.<table> list to check (default: all); a partial run "
        "re-lands only these tables and keeps the others of the landing",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only the findings")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return parser.parse_args(argv)


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("great_expectations").setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    """Run the gate; return 0 (passed, maybe with warnings), 1 (blocking) or 2 (usage)."""
    args = parse_args(argv)
    _configure_logging(args)
    if args.extract_dir is not None:
        mode, source_dir, file_format = "extracts", args.extract_dir, args.file_format
        landing_dir = args.landing_dir or PROJECT_DIR / "warehouse" / "landing"
        if not source_dir.is_dir():
            LOG.error(
                "--extract-dir %s: not a folder; pass the folder that holds crm/, erp/, ...",
                source_dir,
            )
            return 2
    else:
        mode, source_dir, file_format = "demo", args.seeds_dir, "csv"
        landing_dir = args.landing_dir
        if args.file_format not in ("auto", "csv"):
            LOG.error("--format applies to --extract-dir only; the demo seeds are CSV")
            return 2
    config = GateConfig(
        project_dir=args.project_dir,
        source_dir=source_dir,
        mode=mode,
        file_format=file_format,
        landing_dir=landing_dir,
        tables=tuple(t.strip() for t in (args.tables or "").split(",") if t.strip()),
    )
    try:
        report = run_gate(config)
    except ContractError as exc:
        LOG.error("contract: %s", exc)
        return 2
    except OSError as exc:
        LOG.error("%s: %s; check the path and permissions", exc.filename or "file", exc.strerror)
        return 1
    sys.stdout.write(render_text(report))
    write_json(report, args.report)
    for _, finding in report.blocking:
        LOG.error("%s", finding.message)
    LOG.info("report written to %s", args.report)
    return 0 if report.passed else 1
