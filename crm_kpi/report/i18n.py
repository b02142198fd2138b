"""Words and number formats of the report in German (default) and English."""

from __future__ import annotations

import math
from dataclasses import dataclass

LANGUAGES = ("de", "en")

# unit -> (symbol after a level, unit of a change of that level) per language
_UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "de": {
        "percent": (" %", " Prozentpunkte"),
        "eur": (" €", " €"),
        "hours": (" Std.", " Std."),
        "days": (" Tage", " Tage"),
        "months": (" Monate", " Monate"),
        "minutes": (" Min.", " Min."),
        "score": ("", " Punkte"),
        "count": ("", ""),
        "ratio": ("", ""),
    },
    "en": {
        "percent": (" %", " points"),
        "eur": (" €", " €"),
        "hours": (" h", " h"),
        "days": (" days", " days"),
        "months": (" months", " months"),
        "minutes": (" min", " min"),
        "score": ("", " points"),
        "count": ("", ""),
        "ratio": ("", ""),
    },
}

TEXT: dict[str, dict[str, str]] = {
    "de": {
        "title": "Hat sich das CRM gelohnt?",
        "subtitle": "Vorher/Nachher-Vergleich der Kern-KPIs, Kontrollregion, ROI und Datenqualität",
        "data_as_of": "Datenstand",
        "baseline": "Basislinie",
        "built_from": "Erzeugt aus",
        "summary": "Das Wichtigste",
        "kpis": "Kern-KPIs je Region",
        "how_to_read": (
            "So lesen Sie die Grafiken: blau hinterlegt die Basislinie (vor dem Go-live), grün "
            "das Auswertungsfenster. Durchgezogene senkrechte Linie: Go-live; gestrichelt: Ende "
            "der Stabilisierung; rot gestrichelt: Ziel. Die waagrechten Balken zeigen den "
            "Durchschnitt im jeweiligen Fenster. Rechts daneben: Veränderung und "
            "Differenz-von-Differenzen (DiD, Veränderung abzüglich der Veränderung der noch "
            "nicht umgestellten Regionen) mit 95 %-Konfidenzintervall; gefüllte Punkte sind "
            "nach Korrektur für Mehrfachvergleiche (Benjamini-Hochberg) signifikant."
        ),
        "series": "Monatswerte",
        "effects": "Veränderung und DiD mit 95 %-KI",
        "change": "Veränderung",
        "did": "DiD gegen Kontrolle",
        "control_region": "Kontrollregion (kein Go-live)",
        "company": "Unternehmen",
        "value": "Wert",
        "month": "Monat",
        "window_baseline": "Basislinie",
        "window_evaluation": "Auswertung",
        "go_live": "Go-live",
        "stabilisation_end": "Ende Stabilisierung",
        "target": "Ziel",
        "significant_bh": "signifikant (BH)",
        "not_significant": "nicht signifikant",
        "no_test": "kein Test (Summe)",
        "roi": "Return on Investment",
        "roi_figures": "Woraus sich der ROI zusammensetzt",
        "roi_caveat": (
            "Vorsicht: Der ROI nach Spezifikation schreibt dem CRM das gesamte Margenwachstum "
            "zu, auch das Wachstum des Kundenstamms, das die Kontrollregion ebenso hatte. Die "
            "Vergleichsrechnung rechnet jeder umgestellten Region nur das Wachstum über dem "
            "ihrer Kontrollregionen zu."
        ),
        "roi_spec": "ROI (gesamtes Margenwachstum)",
        "roi_did": "ROI (nur Wachstum über Kontrolle)",
        "baseline_margin": "Monatlicher Deckungsbeitrag vorher",
        "evaluation_margin": "Monatlicher Deckungsbeitrag nachher",
        "incremental_margin": "Zusätzlicher Deckungsbeitrag im Auswertungsfenster",
        "did_margin": "Davon über dem Wachstum der Kontrollregionen",
        "crm_cost": "CRM-Kosten im Auswertungsfenster",
        "net_return": "Nettoertrag",
        "cost_budget": "CRM-Kosten gegen Budget (kumuliert)",
        "actual": "Ist",
        "budget": "Budget",
        "cost_eur": "EUR (kumuliert)",
        "usage": "CRM-Nutzung",
        "quality": "Datenqualität dieses Builds",
        "quarantined": "Zeilen in Quarantäne je Tabelle",
        "table": "Tabelle",
        "rows": "Zeilen",
        "raw_rows": "Rohzeilen",
        "staged_rows": "übernommen",
        "duplicates": "ältere Versionen",
        "deleted": "gelöscht",
        "quarantine": "Quarantäne",
        "kpis_unavailable": "Nicht verfügbare KPIs",
        "none_unavailable": "Alle KPIs sind verfügbar.",
        "availability_unknown": "Der Build meldet keine Verfügbarkeit je KPI.",
        "missing_sources": "fehlende Quelltabellen",
        "cut_off": "Stichtag der Extrakte",
        "no_quarantine": "Keine Zeile in Quarantäne.",
        "statistics_missing": (
            "Dieser Build enthält keine Signifikanzkorrektur (fct_kpi_before_after_tests); "
            "Konfidenzintervalle und korrigierte Signifikanz fehlen."
        ),
        "footer": (
            "Alle Zahlen stammen aus dem veröffentlichten Warehouse; nichts ist von Hand "
            "eingetragen."
        ),
    },
    "en": {
        "title": "Did the CRM pay off?",
        "subtitle": (
            "Before/after comparison of the headline KPIs, control region, ROI and data quality"
        ),
        "data_as_of": "Data as of",
        "baseline": "Baseline",
        "built_from": "Built from",
        "summary": "Key findings",
        "kpis": "Headline KPIs by region",
        "how_to_read": (
            "How to read the charts: blue background = baseline (before go-live), green = "
            "evaluation window. Solid vertical line: go-live; dashed: end of stabilisation; red "
            "dashed: target. The horizontal bars show the average of each window. Next to them: "
            "the change and the difference-in-differences (DiD: the change minus the change of "
            "the regions not yet live) with a 95 % confidence interval; filled dots are "
            "significant after correction for multiple comparisons (Benjamini-Hochberg)."
        ),
        "series": "Monthly values",
        "effects": "Change and DiD with 95 % CI",
        "change": "Change",
        "did": "DiD vs control",
        "control_region": "control region (not live)",
        "company": "Company",
        "value": "Value",
        "month": "Month",
        "window_baseline": "Baseline",
        "window_evaluation": "Evaluation",
        "go_live": "Go-live",
        "stabilisation_end": "End of stabilisation",
        "target": "Target",
        "significant_bh": "significant (BH)",
        "not_significant": "not significant",
        "no_test": "no test (total)",
        "roi": "Return on investment",
        "roi_figures": "What the ROI is made of",
        "roi_caveat": (
            "Caveat: the ROI as specified credits the CRM with all margin growth, including "
            "growth of the customer base that the control region had as well. The comparison "
            "credits each live region only with growth beyond that of its control regions."
        ),
        "roi_spec": "ROI (all margin growth)",
        "roi_did": "ROI (growth beyond control only)",
        "baseline_margin": "Monthly contribution margin before",
        "evaluation_margin": "Monthly contribution margin after",
        "incremental_margin": "Additional margin over the evaluation window",
        "did_margin": "Of which beyond the control regions' growth",
        "crm_cost": "CRM costs in the evaluation window",
        "net_return": "Net return",
        "cost_budget": "CRM cost against budget (cumulative)",
        "actual": "Actual",
        "budget": "Budget",
        "cost_eur": "EUR (cumulative)",
        "usage": "CRM usage",
        "quality": "Data quality of this build",
        "quarantined": "Rows quarantined per table",
        "table": "Table",
        "rows": "Rows",
        "raw_rows": "raw rows",
        "staged_rows": "staged",
        "duplicates": "older versions",
        "deleted": "deleted",
        "quarantine": "quarantined",
        "kpis_unavailable": "KPIs not available",
        "none_unavailable": "All KPIs are available.",
        "availability_unknown": "This build does not report availability per KPI.",
        "missing_sources": "missing source tables",
        "cut_off": "Extract cut-off",
        "no_quarantine": "No row quarantined.",
        "statistics_missing": (
            "This build has no multiple-comparison correction (fct_kpi_before_after_tests); "
            "confidence intervals and corrected significance are missing."
        ),
        "footer": "Every number comes from the published warehouse; nothing is typed by hand.",
    },
}


@dataclass(frozen=True)
class Formatter:
    """Numbers, units and dates in one language."""

    lang: str

    def number(self, value: float, decimals: int = 1) -> str:
        """Format a number with thousands separators in the language's style."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        text = f"{value:,.{decimals}f}"
        if self.lang == "de":
            text = text.replace(",", "\u2009").replace(".", ",")
        else:
            text = text.replace(",", "\u2009")
        return text.replace("-", "−")

    def decimals_for(self, unit: str, value: float) -> int:
        """Decimals that suit a unit and size (no cents on large euro amounts)."""
        if unit in ("eur", "count") or abs(value) >= 1000:
            return 0
        return 1

    def level(self, value: float, unit: str) -> str:
        """Format a KPI value with its unit, e.g. '24,5 %'."""
        return self.number(value, self.decimals_for(unit, value)) + _UNITS[self.lang][unit][0]

    def change(self, value: float, unit: str) -> str:
        """Format a signed change with the unit of a change, e.g. '+15,0 Prozentpunkte'."""
        sign = "+" if value > 0 else ""
        return (
            sign + self.number(value, self.decimals_for(unit, value)) + _UNITS[self.lang][unit][1]
        )

    def percent(self, fraction: float) -> str:
        """Format a fraction as a signed percentage, e.g. '+12 %'."""
        sign = "+" if fraction > 0 else ""
        return sign + self.number(fraction * 100, 0) + " %"

    def eur(self, value: float) -> str:
        """Format a euro amount, millions shortened."""
        if abs(value) >= 1e6:
            suffix = " Mio. €" if self.lang == "de" else " M€"
            return self.number(value / 1e6, 2) + suffix
        return self.number(value, 0) + " €"

    def axis_title(self, unit: str, label: str) -> str:
        """Return a short axis title: the unit's symbol, else the KPI's label."""
        symbol = _UNITS[self.lang][unit][0].strip() or _UNITS[self.lang][unit][1].strip()
        return symbol or label

    def t(self, key: str) -> str:
        """Return a fixed text of the report."""
        return TEXT[self.lang][key]
