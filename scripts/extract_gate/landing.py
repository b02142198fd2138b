"""Write validated extracts as typed Parquet, atomically (temp dir + rename).

The landing directory is replaced as a whole only after every table was written, so a
failed or interrupted run never leaves a half-written landing and never damages the
landing of an earlier good run.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extract_gate.contract import TableContract

LOG = logging.getLogger(__name__)

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "boolean": pa.bool_(),
    "number": pa.float64(),
    "integer": pa.int64(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
}


def to_arrow(table: TableContract, typed: pd.DataFrame, nulls: pd.DataFrame) -> pa.Table:
    """Typed frame -> Arrow table with the contract's column order and types.

    nulls marks the values the file did not give: a NaN given in a number column stays NaN
    in the landing (staging quarantines it as implausible_number), a missing one is null.
    """
    arrays = []
    for col in table.columns:
        series = typed[col.name]
        target = ARROW_TYPES[col.family]
        if col.family == "number":
            mask = nulls[col.name].to_numpy(dtype=bool)
            values = series.to_numpy(dtype="float64")
            arrays.append(pa.array(values, type=target, mask=mask, from_pandas=False))
            continue
        if col.family in ("string", "boolean"):
            values = [None if v is None or (isinstance(v, float) and v != v) else v for v in series]
            arrays.append(pa.array(values, type=target))
        elif col.family == "integer":
            arrays.append(pc.cast(pa.array(series, from_pandas=True), target))
        elif col.family in ("date", "timestamp"):
            stamps = pa.array(series.astype("datetime64[us]"), from_pandas=True)
            arrays.append(pc.cast(stamps, target))
        else:
            arrays.append(pa.array(series, type=target, from_pandas=True))
    return pa.Table.from_arrays(arrays, names=table.column_names)


def land(
    frames: list[tuple[TableContract, pd.DataFrame, pd.DataFrame]],
    landing_dir: Path,
    *,
    partial: bool = False,
) -> None:
    """Write every table to landing_dir/<system>/<table>.parquet, replacing it atomically.

    With partial (a run over some tables only) the other tables of an existing landing
    are carried over unchanged; otherwise the landing holds exactly the given tables.
    """
    landing_dir = landing_dir.resolve()
    landing_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{landing_dir.name}.tmp-", dir=landing_dir.parent))
    try:
        if partial and landing_dir.is_dir():
            shutil.copytree(landing_dir, staging, dirs_exist_ok=True)
        for table, typed, nulls in frames:
            target = staging / table.system / f"{table.name}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(to_arrow(table, typed, nulls), target, compression="zstd")
        previous = None
        if landing_dir.exists():
            previous = landing_dir.parent / f".{landing_dir.name}.old-{os.getpid()}"
            landing_dir.rename(previous)
        try:
            staging.rename(landing_dir)
        except OSError:
            if previous is not None:
                previous.rename(landing_dir)
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
    LOG.info("landed %d tables in %s", len(frames), landing_dir)
