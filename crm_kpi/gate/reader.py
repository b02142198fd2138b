"""Open one extract file (CSV or Parquet) as a DuckDB relation of text values.

The relation has ``gate__row`` (the 1-based data row number: header not counted) and every
contract column under its contract name, as text (``varchar``); a missing optional
column is a NULL column, extra columns are left out. Nothing is loaded into Python:

* Parquet is read with ``read_parquet(..., file_row_number = true)``, each column cast to
  text, so the same checks apply as for CSV;
* CSV files are accepted the way users really produce them, German Excel included, and
  stream-transcoded line by line to a temporary UTF-8 comma file with the row number as
  first column, which DuckDB then reads with ``all_varchar`` semantics:

  - encoding: UTF-8 with or without BOM; when the bytes are not valid UTF-8,
    Windows-1252 (cp1252, Excel's "CSV (Trennzeichen-getrennt)"); UTF-16 with BOM
    ("Unicode-Text");
  - delimiter: sniffed from the header line (``,`` ``;`` tab ``|``), choosing the one that
    splits the header into the most contract columns;
  - blank lines are skipped (they are not data rows).

Header names are matched to the contract by ``headers.resolve_header`` (API names like
``StageName`` or snake_case, any order). Problems a user can fix raise ``ExtractError``
with a one-line message.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import duckdb

from crm_kpi.contract import TableContract
from crm_kpi.gate.engine import ident, literal
from crm_kpi.gate.headers import HeaderError, HeaderResolution, contract_name, resolve_header

LOG = logging.getLogger(__name__)

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
DELIMITER_NAMES: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
ROW = "gate__row"


class ExtractError(Exception):
    """A problem with an extract file that the user must fix (one-line message)."""

    def __init__(self, rule: str, message: str) -> None:
        """Store the rule name (e.g. ``empty_file``) and the user-facing message."""
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass
class LoadedExtract:
    """An extract as a DuckDB relation of text columns (see the module docstring)."""

    path: Path
    file_format: str
    relation: str
    rows: int
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    header: HeaderResolution = field(default_factory=HeaderResolution)
    #: Parquet type per contract column as the file stores it (CSV: all text)
    source_types: dict[str, str] = field(default_factory=dict)
    #: contract columns whose Parquet type already is the contract's: kept typed, no text
    #: round trip (every value is valid; only a lossless cast remains)
    native: set[str] = field(default_factory=set)


#: Parquet (DuckDB) types that hold a family's values without any parsing.
NATIVE_TYPES: dict[str, tuple[str, ...]] = {
    "boolean": ("BOOLEAN",),
    "integer": ("BIGINT", "INTEGER", "SMALLINT", "TINYINT"),
    "number": ("DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DECIMAL"),
    "date": ("DATE",),
    "timestamp": (
        "TIMESTAMP",
        "TIMESTAMP_NS",
        "TIMESTAMP_MS",
        "TIMESTAMP_S",
        "TIMESTAMP WITH TIME ZONE",
        "DATE",
    ),
}


def is_native(source_type: str, family: str) -> bool:
    """Whether a Parquet column of source_type holds the family's values as they are."""
    base = source_type.split("(")[0].strip().upper()
    return base in NATIVE_TYPES.get(family, ())


def read_extract(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_format: str,
    table: TableContract,
    scratch: Path,
) -> LoadedExtract:
    """Open path as ``csv`` or ``parquet``; raise ExtractError for unusable files.

    ``file_missing`` and ``empty_file`` are raised for an absent file and one with no
    header at all; the gate treats those tables as absent / empty, not as errors.
    scratch is a folder for the transcoded copy of a CSV file.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ExtractError("file_missing", "file not found") from exc
    except OSError as exc:
        raise ExtractError("unreadable_file", f"cannot read the file ({exc.strerror})") from exc
    if size == 0:
        raise ExtractError("empty_file", "the file is empty (0 bytes)")
    if file_format == "parquet":
        return _read_parquet(con, path, table)
    return _read_csv(path, table, scratch / f"{table.system}.{table.name}.csv")


def _resolve(fields: list[str], table: TableContract) -> HeaderResolution:
    """Resolve a header against the contract; an ambiguous header is an ExtractError."""
    try:
        return resolve_header(fields, table)
    except HeaderError as exc:
        raise ExtractError("duplicate_column", str(exc)) from exc


def _select(
    source: str,
    header: HeaderResolution,
    table: TableContract,
    row: str,
    native: set[str] | None = None,
) -> str:
    """Return SQL selecting the row number and every contract column as text (NULL: missing).

    Native columns (see ``is_native``) keep their Parquet type.
    """
    columns = [f"{row} as {ROW}"]
    for name in table.column_names:
        if name in (native or set()):
            columns.append(f"{ident(header.source_of[name])} as {ident(name)}")
        elif name in header.source_of:
            columns.append(f"cast({ident(header.source_of[name])} as varchar) as {ident(name)}")
        else:
            columns.append(f"cast(null as varchar) as {ident(name)}")
    return f"select {', '.join(columns)} from {source}"


# -- Parquet ----------------------------------------------------------------------------
def _read_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, table: TableContract
) -> LoadedExtract:
    """Open a Parquet file; only its schema and row count are read here."""
    source = f"read_parquet({literal(str(path))}, file_row_number = true)"
    try:
        schema = con.execute(
            f"describe select * from read_parquet({literal(str(path))})"
        ).fetchall()
        rows = con.execute(f"select count(*) from read_parquet({literal(str(path))})").fetchone()[0]
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise ExtractError(
            "unreadable_file",
            f"not a readable Parquet file ({first}); re-export it as Parquet or pass --format csv",
        ) from exc
    fields = [str(name).replace("\ufeff", "").strip() for name, *_ in schema]
    types = {str(name).replace("\ufeff", "").strip(): str(kind) for name, kind, *_ in schema}
    header = _resolve(fields, table)
    # select by the file's own (unstripped) names
    raw_names = {f: str(name) for f, (name, *_) in zip(fields, schema, strict=True)}
    header_for_sql = HeaderResolution(
        source_of={c: raw_names[f] for c, f in header.source_of.items()}
    )
    source_types = {c: types[f] for c, f in header.source_of.items()}
    native = {c: t for c, t in source_types.items() if is_native(t, table.column(c).family)}
    return LoadedExtract(
        path=path,
        file_format="parquet",
        relation=_select(source, header_for_sql, table, "file_row_number + 1", set(native)),
        rows=int(rows),
        header=header,
        source_types=source_types,
        native=set(native),
    )


# -- CSV --------------------------------------------------------------------------------
def _encoding_of(path: Path) -> str:
    """UTF-16 (BOM), UTF-8 (BOM optional) if every byte decodes, else Windows-1252."""
    with path.open("rb") as stream:
        start = stream.read(4)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    encoding = "utf-8-sig" if start.startswith(b"\xef\xbb\xbf") else "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as stream:
        try:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return encoding


def _sniff_delimiter(header_line: str, expected_columns: list[str]) -> str:
    """Pick the delimiter that splits the header into the most contract columns."""
    expected = set(expected_columns)

    def score(delimiter: str) -> tuple[int, int]:
        fields = next(csv.reader([header_line], delimiter=delimiter), [])
        names = [contract_name(f) for f in fields]
        return (len(expected.intersection(names)), len(names))

    return max(DELIMITERS, key=score)


def _first_line(stream: TextIO) -> str | None:
    """Return the first line with content (the header), or None when there is none."""
    for line in stream:
        if line.strip():
            return line
    return None


def _records(stream: TextIO, first: str, delimiter: str) -> Iterator[list[str]]:
    """CSV records from the header line on, blank records skipped."""
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter, strict=True)
    for record in reader:
        if any(value.strip() for value in record):
            yield record


def _read_csv(path: Path, table: TableContract, target: Path) -> LoadedExtract:
    """Transcode a CSV file to UTF-8 with row numbers and open it as text columns."""
    encoding = _encoding_of(path)
    try:
        with (
            path.open(encoding=encoding, newline="") as stream,
            target.open("w", encoding="utf-8", newline="") as out,
        ):
            first = _first_line(stream)
            if first is None:
                raise ExtractError("empty_file", "the file contains only blank space")
            delimiter = _sniff_delimiter(first, table.column_names)
            records = _records(stream, first, delimiter)
            fields = [f.replace("\ufeff", "").strip() for f in next(records)]
            header = _resolve(fields, table)
            keep = [
                fields.index(header.source_of[c])
                for c in table.column_names
                if c in header.source_of
            ]
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow([ROW, *(c for c in table.column_names if c in header.source_of)])
            rows = 0
            for rows, record in enumerate(records, start=1):  # noqa: B007 (count kept)
                if len(record) != len(fields):
                    raise ExtractError(
                        "unreadable_file",
                        f"row {rows} has {len(record)} fields but the header has {len(fields)}; "
                        f"quote text values that contain the {DELIMITER_NAMES[delimiter]} "
                        "delimiter",
                    )
                writer.writerow([rows, *(record[i] for i in keep)])
    except UnicodeDecodeError as exc:
        raise ExtractError(
            "unreadable_file",
            f"byte {exc.start + 1} is neither UTF-8 nor Windows-1252 text; save the file as "
            "'CSV UTF-8 (comma delimited)'",
        ) from exc
    except csv.Error as exc:
        raise ExtractError(
            "unreadable_file", f"not valid CSV ({exc}); check the quoting of text values"
        ) from exc
    present = {c: c for c in table.column_names if c in header.source_of}
    types = ", ".join([f"{literal(ROW)}: 'BIGINT'", *(f"{literal(c)}: 'VARCHAR'" for c in present)])
    source = (
        f"read_csv({literal(str(target))}, header = true, auto_detect = false, delim = ',', "
        f"quote = '\"', escape = '\"', columns = {{{types}}})"
    )
    notes = []
    if encoding == "cp1252":
        notes.append("decoded as Windows-1252 (not valid UTF-8)")
    elif encoding != "utf-8":
        notes.append(f"decoded as {encoding}")
    if delimiter != ",":
        notes.append(f"{DELIMITER_NAMES[delimiter]}-separated")
    LOG.debug("%s: %d rows, encoding %s, delimiter %r", path, rows, encoding, delimiter)
    return LoadedExtract(
        path=path,
        file_format="csv",
        relation=_select(source, HeaderResolution(source_of=present), table, ROW),
        rows=rows,
        encoding=encoding,
        delimiter=delimiter,
        notes=notes,
        header=header,
    )
