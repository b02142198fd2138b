"""No SQL statement lives in a Python string of the package, except one-line selects.

Queries are SQL files: dbt models for business logic, and templates under ``crm_kpi/**/sql/``
(loaded with importlib.resources) for the SQL the tools generate. A Python string may hold an
expression fragment or a select that fits on one line; a string literal that spans more than
one source line (or holds a newline) and reads like a statement fails this test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "crm_kpi"
STATEMENT = re.compile(
    r"\bselect\b[\s\S]*\bfrom\b"
    r"|\bjoin\b[\s\S]*\bon\b"
    r"|\bcreate\s+(or\s+replace\s+)?(table|view|schema|macro)\b"
    r"|\bcopy\s*\("
    r"|\binsert\s+into\b"
    r"|\bcomment\s+on\b"
    r"|\bwith\s+\w+\s+as\s*\(",
    re.IGNORECASE,
)


def _docstrings(tree: ast.AST) -> set[int]:
    """Ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                found.add(id(body[0].value))
    return found


def multi_line_sql(source: str) -> list[tuple[int, str]]:
    """(line, first line) of each non-docstring string literal that is multi-line SQL."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in ast.walk(node) if part is not node)
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str)
        )
        if not is_text or id(node) in skip:
            continue
        segment = ast.get_source_segment(source, node) or ""
        value = node.value if isinstance(node, ast.Constant) else ""
        if (node.end_lineno != node.lineno or "\n" in value) and STATEMENT.search(segment):
            hits.append((node.lineno, segment.splitlines()[0].strip()))
    return hits


def test_scan_finds_multi_line_sql() -> None:
    """The scan flags a multi-line query, implicit concatenation included, and not a one-liner."""
    sample = (
        'A = """\n    select a\n    from t\n"""\n'
        'B = (\n    f"select {x} "\n    "from t"\n)\n'
        'C = "select count(*) from t"\n'
        'D = ("the value came "\n     "from the file")\n'
        'def f():\n    """Copy (select ...) from t\n    to a file."""\n'
    )
    assert [line for line, _ in multi_line_sql(sample)] == [1, 6]


def test_no_multi_line_sql_in_python_strings() -> None:
    """Every crm_kpi/**/*.py keeps SQL in .sql files, except one-line selects."""
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    hits = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in files
        for line, text in multi_line_sql(path.read_text(encoding="utf-8"))
    ]
    assert hits == [], "\n".join(hits)


def test_every_sql_file_is_used_and_every_use_has_a_file() -> None:
    """Each sql.load/sql.render(__package__, name) has its file; no file in a sql/ is orphaned."""
    use = re.compile(r"sql\.(?:load|render)\(\s*__package__,\s*\"(\w+)\"")
    used = {
        (path.parent, name)
        for path in PACKAGE.rglob("*.py")
        for name in use.findall(path.read_text(encoding="utf-8"))
    }
    files = {(path.parent.parent, path.stem) for path in PACKAGE.rglob("sql/*.sql")}
    assert len(files) > 10
    assert used == files
