"""Match a file's header to the contract: one naming rule, order-free, extras ignored.

Salesforce tools export API names (``StageName``, ``Loss_Reason__c``), extract/load tools
snake_case (``stage_name``, ``loss_reason_c``). One rule maps both to the contract's name,
no table per column: split camel case at each lower-to-upper change (and before the last
capital of an acronym), every run of other characters becomes ``_``, lower case. So
``CSAT_Score__c`` -> ``csat_score_c``, ``CallDurationInSeconds`` ->
``call_duration_in_seconds``, ``Close_Date `` -> ``close_date``.

Resolving a header against a table contract gives the file column of each contract column,
the renames applied, the extra columns (ignored, never landed) and the missing required and
optional columns. Two file columns that map to the same name are an error: which one is
meant cannot be guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crm_kpi.contract import TableContract

_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM_END = re.compile(r"([A-Z]+)([A-Z][a-z])")
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


def contract_name(header: str) -> str:
    """Return the contract (snake_case) name of a header as any tool writes it."""
    name = header.replace("\ufeff", "").strip()
    name = _ACRONYM_END.sub(r"\1_\2", _LOWER_UPPER.sub(r"\1_\2", name))
    return _SEPARATORS.sub("_", name).strip("_").lower()


class HeaderError(Exception):
    """Two header fields map to the same contract name (one-line message)."""


@dataclass
class HeaderResolution:
    """How a file's header maps onto one table's contract."""

    #: contract column -> header field of the file holding it
    source_of: dict[str, str] = field(default_factory=dict)
    #: header field -> contract name, for fields whose spelling differs from the contract
    renamed: dict[str, str] = field(default_factory=dict)
    #: header fields that are not contract columns (ignored, not landed)
    extra: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)


def resolve_header(fields: list[str], table: TableContract) -> HeaderResolution:
    """Map header fields to contract columns; raise HeaderError on an ambiguous header."""
    contract = set(table.column_names)
    resolution = HeaderResolution()
    claimed: dict[str, str] = {}
    for raw in fields:
        name = contract_name(raw)
        if name not in contract:
            resolution.extra.append(raw)
            continue
        if name in claimed:
            if claimed[name] == raw:
                raise HeaderError(f"column '{raw}' appears twice in the header; remove one")
            raise HeaderError(
                f"columns '{claimed[name]}' and '{raw}' both mean '{name}'; "
                "keep one of them in the export"
            )
        claimed[name] = raw
        resolution.source_of[name] = raw
        if raw != name:
            resolution.renamed[raw] = name
    for column in table.columns:
        if column.name not in resolution.source_of:
            target = resolution.missing_required if column.required else resolution.missing_optional
            target.append(column.name)
    return resolution
