"""Assemble the report: findings, charts and tables into one offline HTML page (+ markdown)."""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import vl_convert as vlc

from crm_kpi.report import charts
from crm_kpi.report.data import ReportData
from crm_kpi.report.i18n import Formatter
from crm_kpi.report.text import Finding, did_tally, sentence

VEGA_LITE_VERSION = "6.4"
LOCALES = {"de": "de-DE", "en": "en-GB"}


@dataclass
class KpiSection:
    """One headline KPI: its findings and its two charts."""

    kpi_code: str
    label: str
    company_sentence: str
    did_summary: str | None
    sentences: list[str]
    series_spec: dict[str, Any]
    effects_spec: dict[str, Any]


@dataclass
class Report:
    """Everything the page shows, language-specific."""

    fmt: Formatter
    data: ReportData
    sections: list[KpiSection] = field(default_factory=list)
    roi_sentences: list[str] = field(default_factory=list)


def _value(row: pd.Series, column: str) -> Any:
    if column not in row.index:
        return None
    value = row[column]
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value


def _ci(row: pd.Series, prefix: str) -> tuple[float, float] | None:
    low, high = _value(row, f"{prefix}_ci_low"), _value(row, f"{prefix}_ci_high")
    return (low, high) if low is not None and high is not None else None


def _label(kpi: pd.Series, fmt: Formatter) -> str:
    return kpi["label_de"] if fmt.lang == "de" else kpi["kpi_name"]


def finding(kpi: pd.Series, scope: pd.Series, row: pd.Series | None, fmt: Formatter) -> Finding:
    """Build the Finding of one KPI in one scope from its fct_kpi_before_after(_tests) row."""
    kind = (
        "company" if scope["grain"] == "company" else "control" if scope["is_control"] else "live"
    )
    name = fmt.t("company") if kind == "company" else scope["display_name"]
    if row is None:
        return Finding(_label(kpi, fmt), kpi["unit"], kpi["kpi_type"], name, kind, None, None)
    control_base = _value(row, "control_baseline_value")
    control_change = _value(row, "control_change")
    return Finding(
        kpi_label=_label(kpi, fmt),
        unit=kpi["unit"],
        kpi_type=kpi["kpi_type"],
        scope_name=name,
        scope_kind=kind,
        baseline_value=_value(row, "baseline_value"),
        current_value=_value(row, "current_value"),
        absolute_change=_value(row, "absolute_change"),
        relative_change=_value(row, "relative_change"),
        change_ci=_ci(row, "change"),
        is_change_significant_bh=_value(row, "is_change_significant_bh"),
        control_change=control_change,
        control_relative_change=(
            control_change / abs(control_base)
            if control_change is not None and control_base
            else None
        ),
        did_estimate=_value(row, "did_estimate"),
        did_ci=_ci(row, "did"),
        is_did_significant_bh=_value(row, "is_did_significant_bh"),
    )


def _effect_rows(
    kpi: pd.Series, rows: list[tuple[pd.Series, pd.Series]], fmt: Formatter
) -> pd.DataFrame:
    is_total = kpi["kpi_type"] == "total"
    out = []
    for scope, row in rows:
        name = fmt.t("company") if scope["grain"] == "company" else scope["display_name"]
        if scope["is_control"]:
            name += " (K)" if fmt.lang == "de" else " (C)"
        for measure in ("change", "did"):
            if is_total:
                if measure == "change":
                    estimate = _value(row, "relative_change")
                else:
                    change, base = (
                        _value(row, "control_change"),
                        _value(row, "control_baseline_value"),
                    )
                    relative = _value(row, "relative_change")
                    estimate = (
                        relative - change / abs(base)
                        if None not in (change, base, relative) and base
                        else None
                    )
                estimate = None if estimate is None else estimate * 100
                low = high = None
                significance = fmt.t("no_test")
            else:
                estimate = _value(row, "absolute_change" if measure == "change" else "did_estimate")
                ci = _ci(row, measure)
                low, high = ci if ci else (None, None)
                flag = _value(row, f"is_{measure}_significant_bh")
                significance = fmt.t("significant_bh") if flag else fmt.t("not_significant")
            if estimate is None:
                continue
            out.append(
                {
                    "scope_name": name,
                    "measure": measure,
                    "estimate": estimate,
                    "low": low,
                    "high": high,
                    "significance": significance,
                }
            )
    return pd.DataFrame(
        out, columns=["scope_name", "measure", "estimate", "low", "high", "significance"]
    )


def build(data: ReportData, lang: str) -> Report:
    """Compute the findings and chart specifications of the report."""
    fmt = Formatter(lang)
    report = Report(fmt=fmt, data=data)
    headline = data.kpis[data.kpis["is_headline"] == True]  # noqa: E712 (pandas mask)
    for _, kpi in headline.iterrows():
        kpi_rows = data.comparison[data.comparison["kpi_code"] == kpi["kpi_code"]]
        by_scope = {row["scope_code"]: row for _, row in kpi_rows.iterrows()}
        pairs: list[tuple[pd.Series, pd.Series]] = []
        sentences: list[str] = []
        company_sentence = ""
        did_rows = kpi_rows[kpi_rows["did_estimate"].notna()]
        did_summary = None
        if kpi["kpi_type"] != "total" and data.has_statistics and not did_rows.empty:
            did_summary = did_tally(
                _label(kpi, fmt),
                int((did_rows["is_did_significant_bh"] == True).sum()),  # noqa: E712
                len(did_rows),
                fmt,
            )
        for _, scope in data.windows.iterrows():
            row = by_scope.get(scope["scope_code"])
            text = sentence(finding(kpi, scope, row, fmt), fmt)
            if scope["grain"] == "company":
                company_sentence = text
            else:
                sentences.append(text)
            if row is not None:
                pairs.append((scope, row))
        unit_title = fmt.axis_title(kpi["unit"], _label(kpi, fmt))
        effects_title = "%" if kpi["kpi_type"] == "total" else unit_title
        report.sections.append(
            KpiSection(
                kpi_code=kpi["kpi_code"],
                label=_label(kpi, fmt),
                company_sentence=company_sentence,
                did_summary=did_summary,
                sentences=sentences,
                series_spec=charts.series_chart(
                    kpi["kpi_code"], unit_title, data.windows, data.series, data.comparison, fmt
                ),
                effects_spec=charts.effects_chart(
                    _effect_rows(kpi, pairs, fmt), effects_title, kpi["kpi_type"] == "total", fmt
                ),
            )
        )
    report.roi_sentences = roi_sentences(data.roi.iloc[0], fmt)
    return report


def roi_sentences(roi: pd.Series, fmt: Formatter) -> list[str]:
    """Put the two ROIs in words."""
    months = int(roi["evaluation_months"])
    if fmt.lang == "de":
        first = (
            f"ROI nach Spezifikation: {fmt.number(roi['roi'], 1)} "
            f"({fmt.eur(roi['incremental_margin_eur'])} zusätzlicher Deckungsbeitrag in {months} "
            f"Monaten gegen {fmt.eur(roi['crm_cost_eur'])} CRM-Kosten)."
        )
        second = (
            f"Nur das Wachstum über dem der Kontrollregionen gerechnet: "
            f"{fmt.eur(roi['did_incremental_margin_eur'])}, ROI {fmt.number(roi['did_roi'], 1)}."
            if _value(roi, "did_roi") is not None
            else "Ohne Kontrollregion ist keine Vergleichsrechnung möglich."
        )
    else:
        first = (
            f"ROI as specified: {fmt.number(roi['roi'], 1)} "
            f"({fmt.eur(roi['incremental_margin_eur'])} additional contribution margin over "
            f"{months} months against {fmt.eur(roi['crm_cost_eur'])} CRM costs)."
        )
        second = (
            f"Counting only growth beyond the control regions': "
            f"{fmt.eur(roi['did_incremental_margin_eur'])}, ROI {fmt.number(roi['did_roi'], 1)}."
            if _value(roi, "did_roi") is not None
            else "Without a control region no comparison is possible."
        )
    return [first, second]


# ---------------------------------------------------------------- HTML

CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 1180px;
       padding: 24px; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0; } .sub { color: #555; margin-top: 4px; }
h2 { border-bottom: 2px solid #1f77b4; padding-bottom: 4px; margin-top: 40px; }
h3 { margin-top: 32px; }
.meta { background: #f4f6f8; padding: 10px 14px; border-radius: 6px; font-size: 14px; }
.finding-company { font-size: 17px; font-weight: bold; }
ul.findings li { margin: 3px 0; }
.chart { margin: 12px 0 20px 0; }
.chart-error { color: #b00; font-weight: bold; }
table { border-collapse: collapse; font-size: 14px; }
td, th { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.caveat { background: #fff6e5; border-left: 4px solid #f0a020; padding: 8px 12px; }
.howto { font-size: 14px; color: #444; }
footer { margin-top: 40px; color: #666; font-size: 13px; }
"""

SCRIPT = """
(function () {
  const specs = JSON.parse(document.getElementById('chart-specs').textContent);
  const options = JSON.parse(document.getElementById('embed-options').textContent);
  const jobs = Object.keys(specs).map(function (id) {
    const el = document.getElementById(id);
    return vegaEmbed(el, specs[id], options).then(function (result) {
      el.setAttribute('data-rendered', 'true');
      return result;
    }).catch(function (error) {
      el.setAttribute('data-rendered', 'error');
      const p = document.createElement('p');
      p.className = 'chart-error';
      p.textContent = 'Chart error: ' + error;
      el.appendChild(p);
      throw error;
    });
  });
  Promise.allSettled(jobs).then(function (results) {
    const failed = results.filter(function (r) { return r.status !== 'fulfilled'; }).length;
    document.body.setAttribute('data-charts-total', String(results.length));
    document.body.setAttribute('data-charts-failed', String(failed));
    document.body.setAttribute('data-charts-done', 'true');
  });
})();
"""


def _esc(text: Any) -> str:
    return html.escape(str(text))


def _json_for_script(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def render_html(report: Report) -> str:
    """Render the whole page: inline CSS, inline vega-embed bundle, every spec inline."""
    fmt, data = report.fmt, report.data
    specs: dict[str, dict[str, Any]] = {}
    body: list[str] = []

    def chart(chart_id: str, spec: dict[str, Any], name: str) -> str:
        specs[chart_id] = spec
        return f'<div class="chart" id="{chart_id}" data-chart="{_esc(name)}"></div>'

    as_of = data.data_as_of.isoformat() if data.data_as_of else "–"
    body.append(f"<h1>{_esc(fmt.t('title'))}</h1><p class='sub'>{_esc(fmt.t('subtitle'))}</p>")
    body.append(
        f"<p class='meta'>{_esc(fmt.t('data_as_of'))}: <b>{_esc(as_of)}</b> · "
        f"{_esc(fmt.t('baseline'))}: <b>{_esc(data.baseline_label)}</b> · "
        f"{_esc(fmt.t('built_from'))}: {_esc(data.warehouse.name)}</p>"
    )
    body.append(f"<h2>{_esc(fmt.t('summary'))}</h2><ul class='findings'>")
    for section in report.sections:
        body.append(f"<li>{_esc(section.company_sentence)}</li>")
        if section.did_summary:
            body.append(f"<li>{_esc(section.did_summary)}</li>")
    for text in report.roi_sentences:
        body.append(f"<li>{_esc(text)}</li>")
    body.append("</ul>")
    if not data.has_statistics:
        body.append(f"<p class='caveat'>{_esc(fmt.t('statistics_missing'))}</p>")

    body.append(f"<h2>{_esc(fmt.t('kpis'))}</h2><p class='howto'>{_esc(fmt.t('how_to_read'))}</p>")
    for number, section in enumerate(report.sections):
        body.append(f"<h3 id='kpi-{_esc(section.kpi_code)}'>{_esc(section.label)}</h3>")
        body.append(f"<p class='finding-company'>{_esc(section.company_sentence)}</p>")
        if section.did_summary:
            body.append(f"<p class='finding-company'>{_esc(section.did_summary)}</p>")
        body.append("<ul class='findings'>")
        body.extend(f"<li>{_esc(text)}</li>" for text in section.sentences)
        body.append("</ul>")
        body.append(
            chart(f"chart-series-{number}", section.series_spec, f"{section.kpi_code} series")
        )
        body.append(
            chart(f"chart-effects-{number}", section.effects_spec, f"{section.kpi_code} effects")
        )

    roi = data.roi.iloc[0]
    body.append(f"<h2>{_esc(fmt.t('roi'))}</h2>")
    body.append(
        "<ul class='findings'>"
        + "".join(f"<li>{_esc(t)}</li>" for t in report.roi_sentences)
        + "</ul>"
    )
    body.append(f"<p class='caveat'>{_esc(fmt.t('roi_caveat'))}</p>")
    body.append(chart("chart-roi", charts.roi_chart(roi, fmt), "roi"))
    body.append(f"<h3>{_esc(fmt.t('roi_figures'))}</h3><table>")
    for key, column in (
        ("baseline_margin", "baseline_monthly_margin_eur"),
        ("evaluation_margin", "evaluation_monthly_margin_eur"),
        ("incremental_margin", "incremental_margin_eur"),
        ("did_margin", "did_incremental_margin_eur"),
        ("crm_cost", "crm_cost_eur"),
        ("net_return", "net_return_eur"),
    ):
        value = _value(roi, column)
        body.append(
            f"<tr><td>{_esc(fmt.t(key))}</td>"
            f"<td>{_esc(fmt.eur(value) if value is not None else '–')}</td></tr>"
        )
    body.append(
        f"<tr><td>{_esc(fmt.t('roi_spec'))}</td><td>{_esc(fmt.number(roi['roi'], 2))}</td></tr>"
        f"<tr><td>{_esc(fmt.t('roi_did'))}</td>"
        f"<td>{_esc(fmt.number(_value(roi, 'did_roi'), 2))}</td></tr>"
        "</table>"
    )
    if not data.cost_budget.empty:
        body.append(f"<h3>{_esc(fmt.t('cost_budget'))}</h3>")
        body.append(
            chart(
                "chart-cost-budget",
                charts.cost_budget_chart(data.cost_budget, fmt),
                "cost vs budget",
            )
        )

    body.append(f"<h2>{_esc(fmt.t('usage'))}</h2>")
    titles = {
        row["kpi_code"]: _label(row, fmt)
        for _, row in data.kpis.iterrows()
        if row["kpi_code"] in ("crm_active_user_rate", "crm_login_days_per_user")
    }
    names = dict(zip(data.windows["scope_code"], data.windows["display_name"], strict=True))
    if not data.usage.empty:
        body.append(chart("chart-usage", charts.usage_chart(data.usage, titles, names), "usage"))

    body.append(f"<h2>{_esc(fmt.t('quality'))}</h2>")
    body.append(f"<p class='meta'>{_esc(fmt.t('cut_off'))}: <b>{_esc(as_of)}</b></p>")
    body.append(f"<h3>{_esc(fmt.t('kpis_unavailable'))}</h3>")
    if data.unavailable_kpis is None:
        body.append(f"<p>{_esc(fmt.t('availability_unknown'))}</p>")
    elif data.unavailable_kpis.empty:
        body.append(f"<p>{_esc(fmt.t('none_unavailable'))}</p>")
    else:
        body.append("<ul>")
        for _, row in data.unavailable_kpis.iterrows():
            missing = _value(row, "missing_source_tables")
            suffix = f" – {fmt.t('missing_sources')}: {missing}" if missing else ""
            body.append(f"<li>{_esc(_label(row, fmt))}{_esc(suffix)}</li>")
        body.append("</ul>")
    body.append(f"<h3>{_esc(fmt.t('quarantined'))}</h3>")
    if int(data.audit["quarantined_row_count"].sum()) == 0:
        body.append(f"<p>{_esc(fmt.t('no_quarantine'))}</p>")
    body.append(chart("chart-quality", charts.quality_chart(data.audit, fmt), "row audit"))
    body.append(
        f"<table><tr><th>{_esc(fmt.t('table'))}</th><th>{_esc(fmt.t('raw_rows'))}</th>"
        f"<th>{_esc(fmt.t('staged_rows'))}</th><th>{_esc(fmt.t('duplicates'))}</th>"
        f"<th>{_esc(fmt.t('deleted'))}</th><th>{_esc(fmt.t('quarantine'))}</th></tr>"
    )
    for _, row in data.audit.iterrows():
        cells = "".join(
            f"<td>{_esc(fmt.number(row[c], 0))}</td>"
            for c in (
                "raw_row_count",
                "staged_row_count",
                "duplicate_version_row_count",
                "soft_deleted_row_count",
                "quarantined_row_count",
            )
        )
        body.append(f"<tr><td>{_esc(row['source_table'])}</td>{cells}</tr>")
    body.append("</table>")
    body.append(f"<footer>{_esc(fmt.t('footer'))}</footer>")

    locale = LOCALES[fmt.lang]
    options = {
        "renderer": "svg",
        "actions": False,
        "formatLocale": vlc.get_format_locale(locale),
        "timeFormatLocale": vlc.get_time_format_locale(locale),
    }
    bundle = vlc.javascript_bundle(vl_version=VEGA_LITE_VERSION).replace("</script", "<\\/script")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{fmt.lang}"><head><meta charset="utf-8">',
            f"<title>{_esc(fmt.t('title'))}</title>",
            f"<style>{CSS}</style>",
            f"<script>{bundle}</script>",
            "</head><body>",
            *body,
            f'<script type="application/json" id="chart-specs">{_json_for_script(specs)}</script>',
            '<script type="application/json" id="embed-options">'
            f"{_json_for_script(options)}</script>",
            f"<script>{SCRIPT}</script>",
            "</body></html>",
        ]
    )


def summary_markdown(report: Report) -> str:
    """Render the short excerpt that docs/before_after.md quotes: company findings and ROI."""
    fmt, data = report.fmt, report.data
    as_of = data.data_as_of.isoformat() if data.data_as_of else "–"
    lines = [f"**{fmt.t('data_as_of')} {as_of}, {fmt.t('baseline')} `{data.baseline_label}`**", ""]
    for section in report.sections:
        lines.append(f"- {section.company_sentence}")
        if section.did_summary:
            lines.append(f"  {section.did_summary}")
    lines += [f"- {text}" for text in report.roi_sentences]
    return "\n".join(lines) + "\n"


def render_markdown(report: Report) -> str:
    """Render the markdown file: the short excerpt, then every region's findings per KPI."""
    lines = [
        f"<!-- generated by `make report` from {report.data.warehouse.name}; do not edit -->",
        "",
        summary_markdown(report),
    ]
    for section in report.sections:
        lines.append(f"**{section.label}**")
        lines.append("")
        lines += [f"- {text}" for text in section.sentences]
        lines.append("")
    return "\n".join(lines)
