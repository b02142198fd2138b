"""Every command the README and docs/ show runs as written, or at least parses.

Commands come from fenced code blocks (bash, sh, shell, or unlabelled blocks whose lines start
with a command) and from inline code spans that start with `make `, `dbt `, `.venv/bin/dbt`
or `.venv/bin/python`. Running them all would build the warehouse several times, so each kind
is checked as far as is fast and harmless (< 1 min in all):

- `make <target> [VAR=value ...]`: `make -n` knows the target with those variables; every Python
  entry point the recipe would call accepts the flags it would get (`--help`).
- `.venv/bin/python scripts/x.py ...` / `python -m package ...`: the script or module exists and
  its `--help` lists every flag the docs pass; a command that asks for help runs as written.
- `dbt <command> [--select ...]`: the command exists; `dbt ls` runs as written and any
  `--select` of another command selects at least one node.
- Python blocks run as written against a warehouse file with the published marts' schema
  (empty tables built from the enforced contracts in dbt's manifest), so a renamed column in a
  documented query fails here.

When an entry point moves (e.g. scripts/* into the package crm_kpi), this test fails until the
docs say where it went.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, dbt_env, invoke_dbt
from dbt.cli.main import cli as dbt_cli
from dbt.cli.main import dbtRunner

DOCS = [PROJECT_DIR / "README.md", *sorted((PROJECT_DIR / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"(?<!`)`((?:make|dbt|\.venv/bin/dbt|\.venv/bin/python) [^`]+)`(?!`)")
SHELL_LANGUAGES = {"bash", "sh", "shell", "console"}
COMMAND_START = re.compile(r"^(make|dbt|\.venv/bin/|python3?\b|/usr/bin/time\b|[A-Z_]+=\S+\s)")
PYTHON_CALL = re.compile(r"(?:^|\s)(\S*python3?)\s+(-m\s+[\w.]+|scripts/[\w/]+\.py)(.*)$")


@dataclass(frozen=True)
class Command:
    """One documented command: where it is written and its words."""

    where: str
    text: str

    @property
    def words(self) -> list[str]:
        """The command split like a shell would, optional `[...]` words unwrapped."""
        words = shlex.split(self.text, comments=True)
        words = [w[1:-1] if w.startswith("[") and w.endswith("]") else w for w in words]
        while words and (re.fullmatch(r"[A-Z_]+=\S*", words[0]) or words[0] == "/usr/bin/time"):
            words = words[1:]
            while words and words[0].startswith("-") and words[0] != "--":
                words = words[1:]  # options of /usr/bin/time
        return words


def _logical_lines(block: str) -> Iterator[str]:
    """Lines of a shell block with backslash continuations joined."""
    pending = ""
    for line in block.splitlines():
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        yield pending + line
        pending = ""
    if pending:
        yield pending


def documented_commands() -> list[Command]:
    """Every command in a shell block or inline code span of the README and docs/."""
    commands = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(PROJECT_DIR).as_posix()
        for fence in FENCE.finditer(text):
            language, body = fence.group(1), fence.group(2)
            if language not in SHELL_LANGUAGES | {""}:
                continue
            lineno = text[: fence.start()].count("\n") + 2
            for offset, line in enumerate(_logical_lines(body)):
                stripped = line.strip()
                if not stripped or stripped.startswith("#"):
                    continue
                if language == "" and not COMMAND_START.match(stripped):
                    continue
                commands.append(Command(f"{name}:{lineno + offset}", stripped))
        for span in INLINE.finditer(text):
            lineno = text[: span.start()].count("\n") + 1
            # prose may follow the command inside the span ("..., then build again")
            inline = " ".join(span.group(1).split())
            commands.append(Command(f"{name}:{lineno}", inline.split(", ")[0]))
    # the same command written in several places is checked once (where it first appears)
    unique: dict[str, Command] = {}
    for command in commands:
        unique.setdefault(" ".join(command.words), command)
    return list(unique.values())


COMMANDS = documented_commands()


def _kind(command: Command) -> str:
    words = command.words
    if not words:
        return "empty"
    if words[0] == "make":
        return "make"
    if Path(words[0]).name == "dbt":
        return "dbt"
    if PYTHON_CALL.search(" ".join(shlex.quote(w) for w in words)):
        return "python"
    return "other"


def _by_kind(kind: str) -> list[Command]:
    return [c for c in COMMANDS if _kind(c) == kind]


def _ids(commands: list[Command]) -> list[str]:
    return [f"{c.where} {' '.join(c.words)}" for c in commands]


def test_docs_show_commands_of_every_kind() -> None:
    """The extraction finds the documented make, Python and dbt commands (guards a no-op)."""
    kinds = {_kind(c) for c in COMMANDS}
    assert {"make", "python", "dbt"} <= kinds, kinds
    assert [c for c in COMMANDS if _kind(c) in ("other", "empty")] == []


@functools.cache
def _help_text(interpreter_and_target: tuple[str, ...]) -> str:
    """`--help` of a script or module; fails the test when it does not exist or errors."""
    result = subprocess.run(
        [*interpreter_and_target, "--help"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"{' '.join(interpreter_and_target)} --help: {result.stderr}"
    return result.stdout


def _check_python_call(line: str, where: str) -> None:
    """Check that the script/module of a python command exists and accepts every flag given."""
    match = PYTHON_CALL.search(line)
    assert match, f"{where}: not a python call: {line}"
    target = match.group(2).split()
    rest = shlex.split(match.group(3), comments=True)
    interpreter = PROJECT_DIR / ".venv" / "bin" / "python"
    call = [str(interpreter if interpreter.exists() else Path(sys.executable)), *target]
    if {"-h", "--help"} & set(rest):
        subprocess.run([*call, *rest], cwd=PROJECT_DIR, capture_output=True, timeout=60, check=True)
        return
    usage = _help_text(tuple(call))
    flags = {w.split("=", 1)[0] for w in rest if w.startswith("--")}
    missing = sorted(f for f in flags if not re.search(rf"(?<![\w-]){re.escape(f)}\b", usage))
    assert missing == [], f"{where}: {' '.join(target)} does not accept {missing}"


@pytest.mark.parametrize("command", _by_kind("python"), ids=_ids(_by_kind("python")))
def test_documented_python_entry_point_accepts_its_flags(command: Command) -> None:
    """scripts/*.py and python -m modules in the docs exist and take the flags shown."""
    _check_python_call(" ".join(shlex.quote(w) for w in command.words), command.where)


@pytest.mark.parametrize("command", _by_kind("make"), ids=_ids(_by_kind("make")))
def test_documented_make_command_resolves(command: Command) -> None:
    """`make -n` knows the target; the Python it would call accepts the flags it passes."""
    args = command.words[1:]
    result = subprocess.run(
        ["make", "-n", *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"{command.where}: make -n {' '.join(args)}: {result.stderr}"
    for line in _logical_lines(result.stdout):
        if PYTHON_CALL.search(line):
            _check_python_call(line.strip(), f"{command.where} (make -n)")


@dataclass(frozen=True)
class DbtProject:
    """The project parsed once: its environment and manifest (for quick in-process `dbt ls`)."""

    env: dict[str, str]
    manifest: object

    def ls(self, args: list[str]) -> list[str]:
        """Run `dbt ls` in-process on the parsed manifest; fail when dbt fails."""
        result = invoke_dbt(["ls", "-q", *args], self.env, dbtRunner(manifest=self.manifest))
        assert result.success, f"dbt ls {' '.join(args)}: {result.exception}"
        return list(result.result or [])


@pytest.fixture(scope="module")
def dbt_project(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """Parse the project once (writes manifest.json into a temporary target path)."""
    env = dbt_env(tmp_path_factory.mktemp("docs_dbt"))
    result = invoke_dbt(["parse"], env)
    assert result.success, f"dbt parse: {result.exception}"
    return DbtProject(env=env, manifest=result.result)


@pytest.mark.parametrize("command", _by_kind("dbt"), ids=_ids(_by_kind("dbt")))
def test_documented_dbt_command_selects_nodes(command: Command, dbt_project: DbtProject) -> None:
    """The dbt command exists; `dbt ls` runs as written; a --select of another one matches."""
    words = command.words[1:]
    assert words and words[0] in dbt_cli.commands, f"{command.where}: no dbt command {words}"
    if words[0] in ("ls", "list"):
        assert dbt_project.ls(words[1:]), f"{command.where}: selects nothing"
        return
    selection = []
    for flag in ("--select", "-s", "--exclude", "--selector"):
        if flag in words:
            start = words.index(flag) + 1
            values = []
            for word in words[start:]:
                if word.startswith("-"):
                    break
                values.append(word)
            selection += [flag, *values]
    if "--select" in selection or "-s" in selection:
        assert dbt_project.ls([*selection, "--resource-type", "all"]), command.where


def _contract_tables(manifest: dict) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Map (schema, table) to [(column, type)] for every model with an enforced contract."""
    tables = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or not node["config"]["contract"]["enforced"]:
            continue
        columns = [(c["name"], c["data_type"]) for c in node["columns"].values()]
        tables[(node["schema"], node["alias"])] = columns
    return tables


@pytest.fixture(scope="module")
def schema_only_warehouse(
    dbt_project: DbtProject, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Build a directory holding warehouse/crm_kpi.duckdb: the marts' columns, no rows."""
    manifest_path = Path(dbt_project.env["DBT_TARGET_PATH"]) / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    root = tmp_path_factory.mktemp("docs_sql")
    (root / "warehouse").mkdir()
    with duckdb.connect(str(root / "warehouse" / "crm_kpi.duckdb")) as con:
        for (schema, table), columns in _contract_tables(manifest).items():
            con.execute(f'create schema if not exists "{schema}"')
            body = ", ".join(f'"{name}" {data_type}' for name, data_type in columns)
            con.execute(f'create table "{schema}"."{table}" ({body})')
    return root


def _python_blocks() -> list[tuple[str, str]]:
    blocks = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for fence in FENCE.finditer(text):
            if fence.group(1) == "python":
                lineno = text[: fence.start()].count("\n") + 1
                blocks.append((f"{path.relative_to(PROJECT_DIR).as_posix()}:{lineno}", fence[2]))
    return blocks


@pytest.mark.parametrize(("where", "code"), _python_blocks(), ids=[w for w, _ in _python_blocks()])
def test_documented_python_snippet_runs(where: str, code: str, schema_only_warehouse: Path) -> None:
    """A documented Python/SQL snippet runs against the published marts' schema."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=schema_only_warehouse,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"{where}:\n{result.stderr}"


def test_access_levels_follow_the_layers(dbt_project: DbtProject) -> None:
    """Marts are public, intermediate models private, nothing else public (bi_conventions.md)."""
    manifest = json.loads(
        (Path(dbt_project.env["DBT_TARGET_PATH"]) / "manifest.json").read_text(encoding="utf-8")
    )
    wrong = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        layer = node["original_file_path"].split("/")[1]
        expected = {"marts": "public", "intermediate": "private"}.get(layer, "protected")
        group = "analytics" if layer in ("marts", "intermediate", "baseline") else None
        if (node["access"], node["group"]) != (expected, group):
            wrong.append(f"{node['name']}: {node['access']} {node['group']}")
    assert wrong == []
    exposures = {e["name"] for e in manifest["exposures"].values()}
    assert "crm_verdict_report" in exposures
