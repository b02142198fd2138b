"""Great Expectations suites derived from the contract, run on pandas DataFrames.

Two suites per raw table, both built from ``TableContract``:

* ``<system>.<table>.structure`` on the text frame (BLOCKING): every required contract
  column present (optional ones were filled with NULL, extra ones dropped, by then), every
  value matching its type's pattern;
* ``<system>.<table>.rules`` on the typed frame (WARNING): id not null or blank, id unique
  (duplicate versions), versions that tie on system_modstamp with different values, soft
  deletes, implausible numbers and dates, and the ``meta.gate`` rules (accepted values
  after picklist normalisation, ranges, mandatory parents, date order).

Every expectation carries ``meta`` with the report's rule, severity and columns. GX runs
in an ephemeral context with progress bars, analytics and its loggers silenced.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from extract_gate.casting import CAST_RULES, PATTERNS, implausible
from extract_gate.contract import TableContract

BLOCKING = "blocking"
WARNING = "warning"

#: Prefix of helper columns the rules suite adds to the typed frame.
HELPER = "gate__"


@dataclass
class CheckResult:
    """Outcome of one expectation, in report terms."""

    rule: str
    severity: str
    columns: list[str]
    kind: str
    success: bool
    rows: list[int] = field(default_factory=list)
    values: list[object] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)


def picklist_code(value: object) -> object:
    """Normalise a picklist value like staging's ``picklist_code`` macro.

    Accents stripped, lower case, every run of non-alphanumerics one '_', trimmed:
    ``' Cross Sell'`` and ``'cross-sell'`` both become ``'cross_sell'``; blank -> None.
    """
    if not isinstance(value, str):
        return None
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    code = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return code or None


class GxRunner:
    """An ephemeral GX context with one pandas data source for all extracts of a run."""

    def __init__(self) -> None:
        """Create the context quietly (no progress bars, analytics or GX log noise)."""
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        for name in ("great_expectations", "great_expectations.core", "gx"):
            logging.getLogger(name).setLevel(logging.ERROR)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

        for name in list(logging.root.manager.loggerDict):
            if name.startswith("great_expectations"):
                logging.getLogger(name).setLevel(logging.ERROR)
        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(
            globally=False, metric_calculations=False
        )
        self.source = self.context.data_sources.add_pandas("extracts")

    def run(self, name: str, frame: pd.DataFrame, expectations: list[Any]) -> list[CheckResult]:
        """Validate frame against a new suite called name; return one result per expectation."""
        gx = self._gx
        # Built in one piece: adding expectations one by one re-serialises the suite each time.
        suite = self.context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        batch_definition = self.source.add_dataframe_asset(
            name=name
        ).add_batch_definition_whole_dataframe(name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
            validation = batch.validate(suite, result_format={"result_format": "COMPLETE"})
        return [_to_check(r) for r in validation.results]


def _to_check(result: Any) -> CheckResult:
    """Convert a GX ExpectationValidationResult into a CheckResult."""
    config = result.expectation_config
    meta = dict(config.meta or {})
    raw = result.result or {}
    details: dict[str, Any] = {}
    if result.exception_info and result.exception_info.get("raised_exception"):
        details["exception"] = str(result.exception_info.get("exception_message"))
    if "observed_value" in raw:
        details["observed_value"] = raw["observed_value"]
    if "details" in raw:
        details["details"] = raw["details"]
    rows = [int(i) for i in raw.get("unexpected_index_list") or [] if not isinstance(i, dict)]
    return CheckResult(
        rule=str(meta.get("rule")),
        severity=str(meta.get("severity")),
        columns=list(meta.get("columns") or []),
        kind=str(meta.get("kind")),
        success=bool(result.success),
        rows=sorted(set(rows)),
        values=list(raw.get("unexpected_list") or []),
        details=details,
        params={k: v for k, v in meta.items() if k not in ("rule", "severity", "columns", "kind")},
    )


def _meta(rule: str, severity: str, kind: str, columns: list[str], **params: Any) -> dict:
    """Build expectation meta in the report's terms."""
    return {"rule": rule, "severity": severity, "kind": kind, "columns": columns, **params}


def structure_expectations(table: TableContract, present: list[str]) -> list[Any]:
    """BLOCKING expectations on the text frame: columns, row count, value formats."""
    import great_expectations.expectations as gxe

    expectations: list[Any] = [
        gxe.ExpectColumnToExist(
            column=col.name, meta=_meta("missing_column", BLOCKING, "missing_column", [col.name])
        )
        for col in table.columns
        if col.required
    ]
    for col in table.columns:
        pattern = PATTERNS[col.family]
        if pattern is None or col.name not in present:
            continue
        expectations.append(
            gxe.ExpectColumnValuesToMatchRegex(
                column=col.name,
                regex=pattern,
                meta=_meta(CAST_RULES[col.family], BLOCKING, "cast", [col.name], family=col.family),
            )
        )
    return expectations


def trimmed_ids(values: pd.Series) -> pd.Series:
    """Ids as staging reads them: trimmed, blank or whitespace-only is no id (None)."""
    return pd.Series(
        [(v.strip() or None) if isinstance(v, str) else None for v in values],
        index=values.index,
        dtype=object,
    )


def rules_frame(
    table: TableContract,
    typed: pd.DataFrame,
    text: pd.DataFrame,
    parent_ids: dict[str, set[str]],
) -> pd.DataFrame:
    """Return the typed frame plus the helper columns the rules suite compares."""
    frame = typed.copy()
    if "id" in typed.columns:
        frame[f"{HELPER}id"] = trimmed_ids(typed["id"])
    # Helper flags are 0/1 integers: GX row conditions compare numbers, not booleans.
    frame[f"{HELPER}is_current"] = current_version_mask(frame).astype("int64")
    if "id" in typed.columns and "system_modstamp" in typed.columns:
        frame[f"{HELPER}tied_versions"] = tied_versions(frame, text).astype("int64")
    for col in table.columns:
        if col.family in ("number", "integer", "date", "timestamp"):
            frame[f"{HELPER}implausible__{col.name}"] = implausible(
                typed[col.name], text[col.name], col.family
            )
        gate = col.gate
        if "accepted_values" in gate:
            frame[f"{HELPER}code__{col.name}"] = pd.Series(
                [picklist_code(v) for v in typed[col.name]], index=typed.index, dtype=object
            )
        if "unless" in gate:
            flag = typed[gate["unless"]]
            frame[f"{HELPER}unless__{col.name}"] = [int(v is True) for v in flag]
        parent = (gate.get("relationship") or {}).get("to")
        if parent in parent_ids:
            # Membership in pandas (a GX value_set of thousands of ids is slow); a missing
            # reference counts as unknown, as in staging (the parent is mandatory).
            ids = parent_ids[parent]
            frame[f"{HELPER}has_parent__{col.name}"] = [
                int(isinstance(v, str) and v.strip() in ids) for v in typed[col.name]
            ]
    for order in table.gate.get("date_order") or []:
        for name in (order["earlier"], order["later"]):
            frame[f"{HELPER}day__{name}"] = typed[name].dt.normalize()
    return frame


def _latest_modstamp(frame: pd.DataFrame) -> pd.Series:
    """Per row: the highest system_modstamp of its (trimmed) id."""
    return frame.groupby(f"{HELPER}id")["system_modstamp"].transform("max")


def tied_versions(frame: pd.DataFrame, text: pd.DataFrame) -> pd.Series:
    """Rows of an id whose latest system_modstamp is shared by versions with other values.

    Staging cannot tell which of them is current; it keeps the one whose row has the
    smallest md5 (deterministic), so these are warnings (conflicting_versions_same_modstamp).
    """
    ids, stamps = frame[f"{HELPER}id"], frame["system_modstamp"]
    latest = stamps.notna() & ids.notna() & (stamps == _latest_modstamp(frame))
    content = pd.util.hash_pandas_object(text, index=False)
    keys = pd.DataFrame({"id": ids, "stamp": stamps, "content": content})[latest]
    variants = keys.groupby(["id", "stamp"])["content"].transform("nunique")
    flags = pd.Series(False, index=frame.index)
    flags.loc[variants.index] = (variants > 1).to_numpy()
    return flags


def current_version_mask(typed: pd.DataFrame) -> pd.Series:
    """Rows staging would classify by row-level rules: latest version of an id, not deleted.

    Older versions become ``duplicate_version`` and deleted rows ``soft_deleted`` in
    staging whatever their values, so row-level rules are checked on the current rows only.
    typed carries the trimmed id as ``gate__id``.
    """
    mask = pd.Series(True, index=typed.index)
    if f"{HELPER}id" in typed.columns:
        mask &= typed[f"{HELPER}id"].notna()
        if "system_modstamp" in typed.columns:
            latest = _latest_modstamp(typed)
            mask &= typed["system_modstamp"].isna() | (typed["system_modstamp"] == latest)
    if "is_deleted" in typed.columns:
        mask &= np.array([v is not True for v in typed["is_deleted"]], dtype=bool)
    return mask


def _current_only(exempt_flag: str | None = None) -> dict[str, Any]:
    """GX row_condition: current rows only, optionally without rows whose exempt_flag is set."""
    from great_expectations.expectations.row_conditions import Column

    condition = Column(f"{HELPER}is_current") == 1
    if exempt_flag is not None:
        condition = condition & (Column(exempt_flag) == 0)
    return {"row_condition": condition}


def rules_expectations(table: TableContract, parent_ids: dict[str, set[str]]) -> list[Any]:
    """WARNING expectations on the typed frame: ids, documented dirt and meta.gate rules.

    parent_ids maps a parent table name to its ids; a relationship whose parent could not
    be loaded is left out (the parent's own blocking finding explains why).
    """
    import great_expectations.expectations as gxe

    names = table.column_names
    expectations: list[Any] = []
    if "id" in names:
        expectations += [
            gxe.ExpectColumnValuesToNotBeNull(
                column=f"{HELPER}id", meta=_meta("missing_id", WARNING, "missing_id", ["id"])
            ),
            gxe.ExpectColumnValuesToBeUnique(
                column=f"{HELPER}id",
                meta=_meta("duplicate_id", WARNING, "duplicate_id", ["id"]),
            ),
        ]
        if "system_modstamp" in names:
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=f"{HELPER}tied_versions",
                    value_set=[0],
                    meta=_meta(
                        "conflicting_versions_same_modstamp",
                        WARNING,
                        "conflicting_versions",
                        ["id", "system_modstamp"],
                    ),
                )
            )
    if "is_deleted" in names:
        expectations.append(
            gxe.ExpectColumnValuesToBeInSet(
                column="is_deleted",
                value_set=[False],
                meta=_meta("soft_deleted", WARNING, "soft_deleted", ["is_deleted"]),
            )
        )
    for col in table.columns:
        if col.family in ("number", "integer", "date", "timestamp"):
            rule = "implausible_number" if col.is_numeric else "implausible_date"
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=f"{HELPER}implausible__{col.name}",
                    value_set=[0],
                    **_current_only(),
                    meta=_meta(rule, WARNING, "implausible", [col.name]),
                )
            )
        gate = col.gate
        if "accepted_values" in gate:
            accepted = [str(v) for v in gate["accepted_values"]]
            expectations.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=f"{HELPER}code__{col.name}",
                    value_set=sorted({picklist_code(v) for v in accepted}),
                    **_current_only(),
                    meta=_meta(
                        gate.get("rule", f"unknown_{col.name}"),
                        WARNING,
                        "accepted_values",
                        [col.name],
                        accepted_values=accepted,
                    ),
                )
            )
        if "min" in gate or "max" in gate:
            low, high = gate.get("min"), gate.get("max")
            default_rule = f"negative_{col.name}" if low == 0 and high is None else None
            kwargs = _current_only(f"{HELPER}unless__{col.name}" if "unless" in gate else None)
            expectations.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column=col.name,
                    min_value=low,
                    max_value=high,
                    meta=_meta(
                        gate.get("rule", default_rule or f"{col.name}_out_of_range"),
                        WARNING,
                        "range",
                        [col.name],
                        min=low,
                        max=high,
                        unless=gate.get("unless"),
                    ),
                    **kwargs,
                )
            )
        if "relationship" in gate:
            parent = gate["relationship"]["to"]
            if parent in parent_ids:
                expectations.append(
                    gxe.ExpectColumnValuesToBeInSet(
                        column=f"{HELPER}has_parent__{col.name}",
                        value_set=[1],
                        **_current_only(),
                        meta=_meta(
                            gate.get("rule", f"unknown_{parent}"),
                            WARNING,
                            "relationship",
                            [col.name],
                            parent=f"{table.system}.{parent}",
                        ),
                    )
                )
    for order in table.gate.get("date_order") or []:
        earlier, later = order["earlier"], order["later"]
        expectations.append(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=f"{HELPER}day__{later}",
                column_B=f"{HELPER}day__{earlier}",
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                **_current_only(),
                meta=_meta(
                    order.get("rule", f"{later}_before_{earlier}"),
                    WARNING,
                    "date_order",
                    [later, earlier],
                ),
            )
        )
    return expectations
