"""Build the warehouse aside and publish it atomically (``make build`` calls this).

Every build writes a new folder ``warehouse/builds/<build_id>/`` (its own DuckDB file, landing,
dbt target and logs). Only when every model and every test passed is the serving file (what BI
tools see: marts, baseline, row audit, quarantine summary, descriptions, build metadata)
written next to the published path and swapped onto it with one ``os.replace``. A failed,
killed or disk-full build leaves the published file byte-identical and keeps its folder for
inspection. One build runs at a time (an OS lock on ``warehouse/.build.lock``).

The extract gate validates the demo seed files or the own extracts (``--extract-dir``) and
lands them as Parquet in the build folder, next to ``dbt parse`` -> one ``dbt build`` seeding
the reference data and reading the landing. Unit tests run in ``make test``, here only with
``--unit-tests``.

Exit codes: 0 published, 1 build failed (published file unchanged), 2 wrong usage,
3 another build holds the lock, 130/143 interrupted. Output of the gate and dbt goes to
stdout (and the build's ``build.log``); stderr carries only this script's own one-line
messages. See README "Build and publish".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import duckdb

from crm_kpi import PROJECT_DIR
from crm_kpi.build.folders import (
    BuildFolder,
    create_build_folder,
    mark_interrupted,
    new_build_id,
    point_latest_at,
    prune,
)
from crm_kpi.build.lock import BuildLock, BuildLockBusyError
from crm_kpi.build.serving import BuildMeta, ServingError, publish, write_serving_file
from crm_kpi.gate.cli import add_extract_arguments

LOG = logging.getLogger("build")
DEFAULT_PUBLISH_PATH = PROJECT_DIR / "warehouse" / "crm_kpi.duckdb"
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
# seeds every build loads, also with own extracts (the rest are the demo's raw tables)
REFERENCE_SEED_FOLDERS = ("reference", "catalogue")
GATE_EXITS = {1: "blocking findings, listed above", 2: "wrong usage of the gate"}


class StageFailedError(Exception):
    """A build stage failed; the message is one line."""


class InterruptedBuildError(Exception):
    """The build got SIGINT or SIGTERM."""

    def __init__(self, signum: int) -> None:
        """Remember the signal number."""
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def iso_date(text: str) -> str:
    """Check an argparse value is a YYYY-MM-DD date; return it as given."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
    if len(text) != 10:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD")
    return text


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options (defaults from the environment, see README)."""
    parser = argparse.ArgumentParser(
        prog="python -m crm_kpi.build",
        description="Build the warehouse in a new build folder and publish the serving file "
        "atomically once every model and test passed.",
    )
    add_extract_arguments(parser)
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=os.environ.get("CRM_KPI_AS_OF") or None,
        help="cut-off date YYYY-MM-DD passed to dbt as env CRM_KPI_AS_OF (default: from data)",
    )
    parser.add_argument(
        "--wait",
        action="store_true",
        help="wait for a running build to finish instead of exiting",
    )
    parser.add_argument(
        "--publish-path",
        type=Path,
        default=Path(os.environ.get("CRM_KPI_PUBLISH_PATH") or DEFAULT_PUBLISH_PATH),
        help="the serving file BI tools open (default: env CRM_KPI_PUBLISH_PATH or "
        "warehouse/crm_kpi.duckdb)",
    )
    parser.add_argument(
        "--builds-dir",
        type=Path,
        default=Path(os.environ["CRM_KPI_BUILDS_DIR"])
        if os.environ.get("CRM_KPI_BUILDS_DIR")
        else None,
        help="where build folders go (default: env CRM_KPI_BUILDS_DIR or builds/ next to "
        "the published file)",
    )
    parser.add_argument(
        "--unit-tests",
        action="store_true",
        help="also run dbt's unit tests in this build (default: they run in make test only)",
    )
    parser.add_argument(
        "--keep",
        type=int,
        default=3,
        help="build folders to keep besides the latest published one (default 3)",
    )
    args = parser.parse_args(argv)
    args.publish_path = args.publish_path.absolute()
    args.builds_dir = (args.builds_dir or args.publish_path.parent / "builds").absolute()
    if args.extract_dir is not None and not args.extract_dir.is_dir():
        parser.error(f"--extract-dir {args.extract_dir}: not a folder")
    if args.keep < 1:
        parser.error("--keep must be at least 1")
    return args


def shown(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def first_line(error: BaseException) -> str:
    """Return the first non-empty line of an error's message."""
    if isinstance(error, OSError) and error.strerror:
        name = f"{error.filename}: " if error.filename else ""
        return f"{name}{error.strerror}"
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def dbt_failures(target: Path) -> str:
    """Summarise the failed nodes of dbt's last run in this build ('' when none recorded)."""
    try:
        results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    failed = [
        result
        for result in results.get("results", [])
        if result.get("status") in ("error", "fail", "runtime error")
    ]
    if not failed:
        return ""
    first = failed[0]
    node = first.get("unique_id", "?").split(".")
    message = " ".join(str(first.get("message") or "").split())
    if len(message) > 160:
        message = message[:157] + "..."
    return f"{len(failed)} failed, first {node[0]} {node[-1]}: {message}"


def raw_seed_selectors() -> list[str]:
    """Return the selectors of the raw demo seed folders (all but reference and catalogue)."""
    return [
        f"path:seeds/{folder.name}"
        for folder in sorted((PROJECT_DIR / "seeds").iterdir())
        if folder.is_dir() and folder.name not in REFERENCE_SEED_FOLDERS
    ]


def dbt_executable() -> str:
    """Return the dbt of this interpreter's environment (the project venv)."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else shutil.which("dbt") or "dbt"


@dataclass
class Build:
    """One build: its folder, environment, steps and output."""

    args: argparse.Namespace
    folder: BuildFolder
    stage: str = "start"
    log: IO[str] | None = None
    env: dict[str, str] = field(default_factory=dict)
    published: bool = False
    phases: list[dict[str, object]] = field(default_factory=list)
    group: int = 0
    started: dict[str, tuple[float, float]] = field(default_factory=dict)
    ended: dict[str, float] = field(default_factory=dict)
    output_lock: threading.Lock = field(default_factory=threading.Lock)

    def record_phase(
        self,
        stage: str,
        started: float,
        load: float,
        peak_rss_kib: int,
        cpu_seconds: float,
        ended: float | None = None,
    ) -> None:
        """Keep one phase's wall and CPU seconds, peak RSS and load (status.json "phases").

        group: phases of the same group ran side by side (their peaks add up). CPU seconds
        (user + system) hardly depend on what else runs on the shared machine.
        """
        self.phases.append(
            {
                "phase": stage,
                "group": self.group,
                "seconds": round((ended or time.monotonic()) - started, 3),
                "cpu_seconds": round(cpu_seconds, 2),
                "peak_rss_mib": round(peak_rss_kib / 1024, 1),
                "load_1m_start": round(load, 2),
                "load_1m_end": round(os.getloadavg()[0], 2),
            }
        )

    def prepare_environment(self) -> None:
        """Environment of the gate and dbt: this build's DuckDB file, target, logs, extracts."""
        env = dict(os.environ)
        for key in ("CRM_KPI_EXTRACT_DIR", "CRM_KPI_EXTRACT_FORMAT", "CRM_KPI_AS_OF"):
            env.pop(key, None)
        env.update(
            {
                "DBT_PROFILES_DIR": str(PROJECT_DIR),
                "DBT_PROJECT_DIR": str(PROJECT_DIR),
                "DBT_TARGET_PATH": str(self.folder.target),
                "DBT_LOG_PATH": str(self.folder.logs),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                "CRM_KPI_DUCKDB_PATH": str(self.folder.database),
                "PYTHONUNBUFFERED": "1",
            }
        )
        # dbt reads what the gate landed, the demo seed files included: no `dbt seed` of
        # 150 k raw demo rows through agate (docs/benchmark.md "Levers pulled")
        env["CRM_KPI_EXTRACT_DIR"] = str(self.folder.landing)
        env["CRM_KPI_EXTRACT_FORMAT"] = "parquet"
        if self.args.as_of:
            env["CRM_KPI_AS_OF"] = self.args.as_of
        self.env = env

    def steps(self) -> list[list[tuple[str, list[str]]]]:
        """Return groups of (stage name, command); the stages of a group run side by side.

        The extract gate validates the demo seed files or the own extracts and lands them as
        Parquet in this build's folder, next to ``dbt parse`` (dbt's start-up and parse, kept
        in this build's target/ for the build's partial parse). Then one ``dbt build`` seeds
        the reference data and builds on the landing. Unit tests (static inputs) run in
        ``make test``, not here, unless ``--unit-tests`` (docs/benchmark.md "Levers pulled").
        """
        dbt = dbt_executable()
        gate = [
            sys.executable,
            "-m",
            "crm_kpi.gate",
            "--report",
            str(self.folder.gate_report),
        ]
        if self.args.extract_dir is not None:
            gate += [
                "--extract-dir",
                str(self.args.extract_dir.absolute()),
                "--format",
                self.args.file_format,
            ]
        gate += ["--landing-dir", str(self.folder.landing)]
        parse = [dbt, "parse", "--no-write-json"]
        # the raw demo seeds give way to the landing; the reference seeds are built first
        build = [dbt, "build", "--exclude", *raw_seed_selectors()]
        if not self.args.unit_tests:
            build += ["--exclude-resource-type", "unit_test"]
        return [[("extract gate", gate), ("dbt parse", parse)], [("dbt build", build)]]

    def echo(self, line: str) -> None:
        """Pass a line of tool output to stdout and to build.log."""
        sys.stdout.write(line)
        sys.stdout.flush()
        if self.log is not None:
            try:
                self.log.write(line)
                self.log.flush()
            except OSError:
                # a full disk must not hide the tool's own error: stop copying to the log
                self.log = None

    def run(self, group: list[tuple[str, list[str]]]) -> None:
        """Run a group of stages side by side; raise StageFailedError if one fails.

        The first stage's output streams live; each other stage's output is passed on in
        one block when that stage ends, so lines of two tools never interleave.
        """
        self.stage = " + ".join(stage for stage, _ in group)
        self.group += 1
        processes: list[subprocess.Popen[str]] = []
        pumps: list[threading.Thread] = []
        try:
            for position, (stage, command) in enumerate(group):
                with self.output_lock:
                    self.echo(f"==> {stage}: {shlex.join(command)}\n")
                started, load = time.monotonic(), os.getloadavg()[0]
                process = subprocess.Popen(
                    command,
                    cwd=PROJECT_DIR,
                    env=self.env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    errors="replace",
                )
                processes.append(process)
                pump = threading.Thread(
                    target=self.pump, args=(stage, process, position == 0), daemon=True
                )
                pump.start()
                pumps.append(pump)
                self.started[stage] = (started, load)
            codes = []
            for (stage, _), process, pump in zip(group, processes, pumps, strict=True):
                # wait4 instead of wait: the child's own peak RSS (ru_maxrss, KiB on Linux)
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = os.waitstatus_to_exitcode(status)
                pump.join()
                codes.append(process.returncode)
                self.record_phase(
                    stage,
                    *self.started[stage],
                    usage.ru_maxrss,
                    usage.ru_utime + usage.ru_stime,
                    self.ended.get(stage),
                )
        except BaseException:
            for process in processes:
                if process.returncode is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            # the children have ended: their pumps reach the end of output before the pipes
            # are closed below
            for pump in pumps:
                pump.join(timeout=5)
            raise
        finally:
            for process in processes:
                if process.stdout is not None:
                    process.stdout.close()
        for (stage, command), code in zip(group, codes, strict=True):
            if code == 0:
                continue
            self.stage = stage
            if stage.startswith("dbt"):
                detail = dbt_failures(self.folder.target)
            else:
                detail = GATE_EXITS.get(code, "")
            raise StageFailedError(detail or f"{Path(command[0]).name} exited with {code}")

    def pump(self, stage: str, process: subprocess.Popen[str], live: bool) -> None:
        """Pass a stage's output on: line by line (live) or as one block when it ends."""
        block: list[str] = []
        for line in process.stdout or ():
            if live:
                with self.output_lock:
                    self.echo(line)
            else:
                block.append(line)
        # end of output: the stage has exited (its wait4 may come later, after another's)
        self.ended[stage] = time.monotonic()
        if block:
            with self.output_lock:
                self.echo("".join(block))

    def copy_gate_report(self) -> None:
        """Keep the latest gate report at reports/extract_validation.json beside the warehouse."""
        if not self.folder.gate_report.is_file():
            return
        reports = self.args.publish_path.parent / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        temp = reports / f".extract_validation.json.tmp-{os.getpid()}"
        shutil.copyfile(self.folder.gate_report, temp)
        temp.replace(reports / "extract_validation.json")

    def meta(self) -> BuildMeta:
        """Collect what the serving file's meta table records."""
        results = json.loads((self.folder.target / "run_results.json").read_text("utf-8"))
        metadata = results.get("metadata", {})
        extract = self.args.extract_dir
        return BuildMeta(
            build_id=self.folder.build_id,
            built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            dbt_invocation_id=str(metadata.get("invocation_id", "")),
            dbt_version=str(metadata.get("dbt_version", "")),
            extract_source="demo seeds" if extract is None else str(extract.absolute()),
            extract_format="seeds" if extract is None else self.args.file_format,
            as_of_date=self.args.as_of,
        )

    def publish(self) -> int:
        """Write the serving file beside the published path and swap it in; relation count."""
        self.stage = "serving file"
        published = self.args.publish_path
        temp = published.with_name(f".{published.name}.tmp-{self.folder.build_id}")
        started, load = time.monotonic(), os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_SELF)
        try:
            count = write_serving_file(
                self.folder.database, self.folder.target / "manifest.json", temp, self.meta()
            )
            self.stage = "publish"
            # from the rename on, Ctrl-C or SIGTERM must not interrupt the bookkeeping and
            # claim the warehouse unchanged: hold them until the build has finished
            signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
            if not publish(temp, published):
                self.echo(f"warning: could not fsync {published.parent} after the rename\n")
            self.published = True
            # written in this process: its peak RSS so far (the orchestrator only streams
            # the children's output before this step)
            self.group += 1
            after = resource.getrusage(resource.RUSAGE_SELF)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            self.record_phase("publish", started, load, after.ru_maxrss, cpu)
        finally:
            temp.unlink(missing_ok=True)
            temp.with_name(temp.name + ".wal").unlink(missing_ok=True)
        return count


def remove_stale_serving_files(published: Path) -> None:
    """Temp serving files of builds that died while writing one (the caller holds the lock)."""
    for stray in published.parent.glob(f".{published.name}.tmp-*"):
        stray.unlink(missing_ok=True)


def raise_interrupt(signum: int, _frame: object) -> None:
    """Signal handler: turn SIGTERM/SIGINT into an exception that unwinds the build."""
    raise InterruptedBuildError(signum)


def say(message: str) -> None:
    """One line on stderr: this script's own verdict."""
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


def run_build(args: argparse.Namespace, lock: BuildLock) -> int:
    """Run one build under the held lock; return the exit code."""
    published = args.publish_path
    build_id = new_build_id()
    lock.describe(
        f"build {build_id} (pid {os.getpid()}, since "
        f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')})"
    )
    remove_stale_serving_files(published)
    for dead in mark_interrupted(args.builds_dir, current=""):
        say(f"build {dead} had died before it ended (killed?); its folder is kept for inspection")
    folder = create_build_folder(args.builds_dir, build_id)
    folder.write_status("running", started_at=dt.datetime.now(dt.UTC).isoformat())
    build = Build(args=args, folder=folder)
    kept = f"failed build kept in {shown(folder.root)}/"
    try:
        with folder.log_file.open("w", encoding="utf-8") as log:
            build.log = log
            build.prepare_environment()
            for group in build.steps():
                try:
                    build.run(group)
                finally:
                    if "extract gate" in dict(group):
                        build.copy_gate_report()
            count = build.publish()
            build.log = None
    except InterruptedBuildError as exc:
        folder.write_status("interrupted", stage=build.stage, signal=str(exc), phases=build.phases)
        say(
            f"build interrupted ({exc}) at {build.stage}: published warehouse unchanged; "
            f"{kept.replace('failed build', 'build')}"
        )
        return 128 + exc.signum
    except (StageFailedError, ServingError, duckdb.Error, OSError, ValueError) as exc:
        folder.write_status("failed", stage=build.stage, error=first_line(exc), phases=build.phases)
        say(
            f"build failed at {build.stage} ({first_line(exc)}): published warehouse unchanged; "
            f"{kept}"
        )
        return 1
    except Exception as exc:  # a bug here must still say what happened to the warehouse
        with folder.log_file.open("a", encoding="utf-8") as log:
            log.write(traceback.format_exc())
        folder.write_status("failed", stage=build.stage, error=repr(exc))
        say(
            f"build failed at {build.stage} (unexpected {type(exc).__name__}: {first_line(exc)}, "
            f"traceback in build.log): published warehouse unchanged; {kept}"
        )
        return 1
    # published: from here on a failure must not claim the warehouse is unchanged
    try:
        folder.write_status("published", published_to=str(published), phases=build.phases)
        point_latest_at(args.builds_dir, folder)
        prune(args.builds_dir, keep=args.keep, current=build_id)
    except OSError as exc:
        say(
            f"build {build_id} published to {shown(published)}, but updating "
            f"{shown(args.builds_dir)} failed: {first_line(exc)}"
        )
        return 1
    say(
        f"build {build_id} published to {shown(published)} ({count} relations); "
        f"full build: {shown(args.builds_dir / 'latest' / 'build.duckdb')}"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Acquire the build lock, build, publish; return the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    args = parse_args(argv)
    # a file-size limit (ulimit -f) then fails writes with EFBIG like a full disk, instead of
    # killing the process with SIGXFSZ; ignored signals are inherited by dbt and the gate
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, raise_interrupt)
    signal.signal(signal.SIGINT, raise_interrupt)
    lock = BuildLock(args.publish_path.parent / ".build.lock")
    try:
        lock.acquire(
            wait=args.wait,
            on_wait=lambda holder: say(f"waiting for the running {holder} to finish"),
        )
    except BuildLockBusyError as exc:
        say(
            f"another build is running: {exc}; published warehouse unchanged; "
            "wait for it or use --wait (make build WAIT=1)"
        )
        return 3
    except InterruptedBuildError as exc:
        say(f"interrupted ({exc}) while waiting for the build lock: nothing was built")
        return 128 + exc.signum
    except OSError as exc:
        say(f"cannot take the build lock {shown(lock.path)}: {first_line(exc)}")
        return 1
    try:
        with lock:
            return run_build(args, lock)
    finally:
        # the build is over (published or not): a stop signal held back since the rename
        # has nothing left to stop
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
