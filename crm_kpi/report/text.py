"""What the charts say: one plain-language sentence per KPI and scope, from the same numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from crm_kpi.report.i18n import Formatter


@dataclass(frozen=True)
class Finding:
    """One KPI in one scope (company, a live region or a control region), before and after."""

    kpi_label: str
    unit: str
    kpi_type: str
    scope_name: str
    scope_kind: str  # 'company', 'live' or 'control'
    baseline_value: float | None
    current_value: float | None
    absolute_change: float | None = None
    relative_change: float | None = None
    change_ci: tuple[float, float] | None = None
    is_change_significant_bh: bool | None = None
    control_change: float | None = None
    control_relative_change: float | None = None
    did_estimate: float | None = None
    did_ci: tuple[float, float] | None = None
    is_did_significant_bh: bool | None = None


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _verb(change: float, fmt: Formatter) -> str:
    if fmt.lang == "de":
        return "stieg" if change > 0 else "sank" if change < 0 else "blieb"
    return "rose" if change > 0 else "fell" if change < 0 else "stayed"


def _significance(flag: bool | None, fmt: Formatter) -> str:
    if fmt.lang == "de":
        return (
            "nach Korrektur für Mehrfachvergleiche signifikant"
            if flag
            else "nach Korrektur für Mehrfachvergleiche nicht signifikant"
        )
    return (
        "significant after correction for multiple comparisons"
        if flag
        else "not significant after correction for multiple comparisons"
    )


def _interval(ci: tuple[float, float] | None, unit: str, fmt: Formatter) -> str:
    if ci is None or _missing(ci[0]) or _missing(ci[1]):
        return ""
    word = "95 %-KI" if fmt.lang == "de" else "95 % CI"
    to = "bis" if fmt.lang == "de" else "to"
    low, high = (
        ("+" if bound > 0 else "") + fmt.number(bound, fmt.decimals_for(unit, bound))
        for bound in ci
    )
    return f" ({word} {low} {to} {high})"


def _movement(f: Finding, fmt: Formatter) -> str:
    """'rose from 24.5 % to 41.0 %' (a total also with its relative change)."""
    assert f.baseline_value is not None and f.current_value is not None
    change = f.current_value - f.baseline_value
    verb = _verb(change, fmt)
    frm, to = ("von", "auf") if fmt.lang == "de" else ("from", "to")
    if change == 0:
        at = "bei" if fmt.lang == "de" else "at"
        return f"{verb} {at} {fmt.level(f.current_value, f.unit)}"
    before, after = fmt.level(f.baseline_value, f.unit), fmt.level(f.current_value, f.unit)
    text = f"{verb} {frm} {before} {to} {after}"
    if f.kpi_type == "total" and not _missing(f.relative_change):
        text += f" ({fmt.percent(f.relative_change)})"
    return text


def _scope_phrase(f: Finding, fmt: Formatter) -> str:
    if fmt.lang == "de":
        if f.scope_kind == "company":
            return "im Unternehmen"
        if f.scope_kind == "control":
            return f"in der Kontrollregion {f.scope_name}"
        return f"in {f.scope_name}"
    if f.scope_kind == "company":
        return "company-wide"
    if f.scope_kind == "control":
        return f"in the control region {f.scope_name}"
    return f"in {f.scope_name}"


def sentence(f: Finding, fmt: Formatter) -> str:
    """Say the finding in one sentence in fmt's language."""
    if _missing(f.baseline_value) or _missing(f.current_value):
        if fmt.lang == "de":
            return f"{f.kpi_label} {_scope_phrase(f, fmt)}: kein Vorher/Nachher-Vergleich möglich."
        return f"{f.kpi_label} {_scope_phrase(f, fmt)}: no before/after comparison possible."
    head = f"{f.kpi_label} {_movement(f, fmt)} {_scope_phrase(f, fmt)}"
    if fmt.lang == "en" and f.scope_kind == "company":
        head = f"{f.kpi_label} {_movement(f, fmt)} company-wide"
    parts = [head]
    if f.kpi_type == "total":
        if f.scope_kind == "live" and not _missing(f.control_relative_change):
            parts.append(
                f"die Kontrollregionen {fmt.percent(f.control_relative_change)}"
                if fmt.lang == "de"
                else f"the control regions {fmt.percent(f.control_relative_change)}"
            )
        if f.scope_kind == "company":  # said once per KPI, not per region
            parts.append(
                "Summen werden nicht auf Signifikanz getestet"
                if fmt.lang == "de"
                else "totals are not tested for significance"
            )
        return "; ".join(parts) + "."
    if f.scope_kind == "live" and not _missing(f.did_estimate) and not _missing(f.control_change):
        control = (
            f"die Kontrollregionen im selben Zeitraum {fmt.change(f.control_change, f.unit)}"
            if fmt.lang == "de"
            else f"the control regions {fmt.change(f.control_change, f.unit)} over the same months"
        )
        difference = "Differenz" if fmt.lang == "de" else "difference"
        parts.append(control)
        parts.append(
            f"{difference} {fmt.change(f.did_estimate, f.unit)}"
            f"{_interval(f.did_ci, f.unit, fmt)}, {_significance(f.is_did_significant_bh, fmt)}"
        )
        return "; ".join(parts) + "."
    if _missing(f.absolute_change):
        return head + "."
    change = "Veränderung" if fmt.lang == "de" else "change"
    parts.append(
        f"{change} {fmt.change(f.absolute_change, f.unit)}"
        f"{_interval(f.change_ci, f.unit, fmt)}, {_significance(f.is_change_significant_bh, fmt)}"
    )
    return "; ".join(parts) + "."


def did_tally(kpi_label: str, significant: int, live: int, fmt: Formatter) -> str:
    """Say in how many live regions the DiD is significant after the BH correction."""
    if fmt.lang == "de":
        return (
            f"{kpi_label} gegenüber den Kontrollregionen (DiD): nach Korrektur für "
            f"Mehrfachvergleiche signifikant in {significant} von {live} umgestellten Regionen."
        )
    return (
        f"{kpi_label} against the control regions (DiD): significant after correction for "
        f"multiple comparisons in {significant} of {live} live regions."
    )
