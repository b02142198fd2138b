"""Load one extract file (CSV or Parquet) into a DataFrame of text values.

CSV files are accepted the way users really produce them, German Excel included:

* encoding: UTF-8 with or without BOM; when the bytes are not valid UTF-8, Windows-1252
  (cp1252, Excel's "CSV (Trennzeichen-getrennt)"); UTF-16 with BOM ("Unicode-Text");
* delimiter: sniffed from the header line (``,`` ``;`` tab ``|``), choosing the one that
  splits the header into the most contract columns;
* header names are matched to the contract by ``headers.resolve_header`` (API names like
  ``StageName`` or snake_case, any order); extra columns are dropped here, missing ones
  are reported by the gate.

Every value stays text (blank becomes ``None``); casting is the next step, so a wrong
format is reported per column and row instead of being guessed. Problems a user can fix
raise ``ExtractError`` with a one-line message.
"""

from __future__ import annotations

import csv
import io
import logging
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from extract_gate.contract import TableContract
from extract_gate.headers import HeaderError, HeaderResolution, contract_name, resolve_header

LOG = logging.getLogger(__name__)

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
DELIMITER_NAMES: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


class ExtractError(Exception):
    """A problem with an extract file that the user must fix (one-line message)."""

    def __init__(self, rule: str, message: str) -> None:
        """Store the rule name (e.g. ``empty_file``) and the user-facing message."""
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass
class LoadedExtract:
    """An extract as text: index = 1-based data row number, ``None`` for blank values.

    The frame holds the contract columns the file has, under their contract names.
    """

    path: Path
    file_format: str
    frame: pd.DataFrame
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    header: HeaderResolution = field(default_factory=HeaderResolution)


def read_extract(path: Path, file_format: str, table: TableContract) -> LoadedExtract:
    """Read path as ``csv`` or ``parquet``; raise ExtractError for unusable files.

    ``file_missing`` and ``empty_file`` are raised for an absent file and one with no
    header at all; the gate treats those tables as absent / empty, not as errors.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ExtractError("file_missing", "file not found") from exc
    except OSError as exc:
        raise ExtractError("unreadable_file", f"cannot read the file ({exc.strerror})") from exc
    if size == 0:
        raise ExtractError(
            "empty_file",
            "the file is empty (0 bytes)",
        )
    if file_format == "parquet":
        return _read_parquet(path, table)
    return _read_csv(path, table)


def _resolve(fields: list[str], table: TableContract) -> tuple[HeaderResolution, list[tuple]]:
    """Resolve a header; return it with (contract name, field position) of the kept columns."""
    try:
        resolution = resolve_header(fields, table)
    except HeaderError as exc:
        raise ExtractError("duplicate_column", str(exc)) from exc
    keep = [
        (name, fields.index(resolution.source_of[name]))
        for name in table.column_names
        if name in resolution.source_of
    ]
    return resolution, keep


def _decode(raw: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-16 (BOM), UTF-8 (BOM optional), else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
        return raw.decode("utf-8-sig"), encoding
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise ExtractError(
            "unreadable_file",
            f"byte {exc.start + 1} is neither UTF-8 nor Windows-1252 text; save the file as "
            "'CSV UTF-8 (comma delimited)'",
        ) from exc


def _sniff_delimiter(header_line: str, expected_columns: list[str]) -> str:
    """Pick the delimiter that splits the header into the most contract columns."""
    expected = set(expected_columns)

    def score(delimiter: str) -> tuple[int, int]:
        fields = next(csv.reader([header_line], delimiter=delimiter), [])
        names = [contract_name(f) for f in fields]
        return (len(expected.intersection(names)), len(names))

    return max(DELIMITERS, key=score)


def _normalise_header(fields: list[str]) -> list[str]:
    """Header names without BOM and surrounding blanks (matching is ``resolve_header``'s job)."""
    return [f.replace("\ufeff", "").strip() for f in fields]


def _read_csv(path: Path, table: TableContract) -> LoadedExtract:
    """Read a CSV file with sniffed encoding and delimiter into text columns."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExtractError("unreadable_file", f"cannot read the file ({exc.strerror})") from exc
    text, encoding = _decode(raw)
    if not text.strip():
        raise ExtractError(
            "empty_file",
            "the file contains only blank space",
        )
    header_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = _sniff_delimiter(header_line, table.column_names)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise ExtractError(
            "unreadable_file",
            f"not valid CSV ({exc}); check the quoting of text values",
        ) from exc
    records = [r for r in records if any(v.strip() for v in r)]
    header = _normalise_header(records[0])
    rows = records[1:]
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise ExtractError(
                "unreadable_file",
                f"row {number} has {len(row)} fields but the header has {len(header)}; quote "
                f"text values that contain the {DELIMITER_NAMES[delimiter]} delimiter",
            )
    resolution, keep = _resolve(header, table)
    frame = pd.DataFrame(
        {name: [row[i] if row[i] != "" else None for row in rows] for name, i in keep},
        index=pd.RangeIndex(1, len(rows) + 1),
        dtype=object,
    )
    notes = []
    if encoding == "cp1252":
        notes.append("decoded as Windows-1252 (not valid UTF-8)")
    elif encoding != "utf-8":
        notes.append(f"decoded as {encoding}")
    if delimiter != ",":
        notes.append(f"{DELIMITER_NAMES[delimiter]}-separated")
    LOG.debug("%s: %d rows, encoding %s, delimiter %r", path, len(frame), encoding, delimiter)
    return LoadedExtract(path, "csv", frame, encoding, delimiter, notes, resolution)


def _as_text(value: object) -> str | None:
    """Render a typed Parquet value the way a clean CSV export would."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # A NaN stored in Parquet is a value (nulls are stored as nulls): implausible_number.
        return "NaN" if math.isnan(value) else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_parquet(path: Path, table: TableContract) -> LoadedExtract:
    """Read a Parquet file into text columns (so the same checks apply as for CSV)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        data = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise ExtractError(
            "unreadable_file",
            f"not a readable Parquet file ({str(exc).splitlines()[0]}); re-export it as Parquet "
            "or pass --format csv",
        ) from exc
    header = _normalise_header([str(name) for name in data.column_names])
    resolution, keep = _resolve(header, table)
    frame = pd.DataFrame(
        {name: [_as_text(v) for v in data.column(i).to_pylist()] for name, i in keep},
        index=pd.RangeIndex(1, data.num_rows + 1),
        dtype=object,
    )
    return LoadedExtract(path, "parquet", frame, header=resolution)
