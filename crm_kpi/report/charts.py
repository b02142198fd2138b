"""The report's charts as Vega-Lite specifications (Altair), one dict per chart."""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from crm_kpi.report.i18n import Formatter

BLUE = "#1f77b4"
GREEN = "#2ca02c"
RED = "#d62728"
GREY = "#555555"
PANEL_WIDTH = 250
PANEL_HEIGHT = 140


def _month_end(month: Any) -> pd.Timestamp:
    """Return the first day of the next month: a month's right edge on a time axis."""
    return pd.Timestamp(month) + pd.offsets.MonthBegin(1)


def _present(value: Any) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and math.isnan(value))
        and value is not pd.NaT
    )


def _panel(
    scope: pd.Series,
    series: pd.DataFrame,
    comparison: pd.Series | None,
    unit_title: str,
    fmt: Formatter,
) -> alt.LayerChart:
    """One scope's monthly series with its windows, go-live, stabilisation end and target."""
    x = alt.X(
        "period_month:T",
        title=None,
        axis=alt.Axis(format="%m/%y", labelAngle=0, tickCount=5, labelOverlap=True),
    )
    layers: list[alt.Chart] = []
    windows = []
    if _present(scope["baseline_start_month"]):
        windows.append(
            {
                "start": pd.Timestamp(scope["baseline_start_month"]),
                "end": _month_end(scope["baseline_end_month"]),
                "window": fmt.t("window_baseline"),
            }
        )
    if _present(scope["evaluation_start_month"]):
        windows.append(
            {
                "start": pd.Timestamp(scope["evaluation_start_month"]),
                "end": _month_end(scope["evaluation_end_month"]),
                "window": fmt.t("window_evaluation"),
            }
        )
    window_scale = alt.Scale(
        domain=[fmt.t("window_baseline"), fmt.t("window_evaluation")], range=[BLUE, GREEN]
    )
    if windows:
        layers.append(
            alt.Chart(pd.DataFrame(windows))
            .mark_rect(opacity=0.12)
            .encode(
                x=alt.X("start:T"),
                x2="end:T",
                color=alt.Color("window:N", scale=window_scale, legend=None),
            )
        )
    layers.append(
        alt.Chart(series)
        .mark_line(color=GREY, point=alt.OverlayMarkDef(size=12, color=GREY))
        .encode(
            x=x,
            y=alt.Y("value:Q", title=unit_title, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("period_month:T", title=fmt.t("month"), format="%m/%Y"),
                alt.Tooltip("value:Q", title=fmt.t("value"), format=",.1f"),
            ],
        )
    )
    if comparison is not None:
        levels = []
        if _present(comparison["baseline_value"]) and windows:
            levels.append(
                {
                    "start": windows[0]["start"],
                    "end": windows[0]["end"],
                    "level": comparison["baseline_value"],
                    "window": fmt.t("window_baseline"),
                }
            )
        if _present(comparison["current_value"]) and _present(scope["evaluation_start_month"]):
            levels.append(
                {
                    "start": windows[-1]["start"],
                    "end": windows[-1]["end"],
                    "level": comparison["current_value"],
                    "window": fmt.t("window_evaluation"),
                }
            )
        if levels:
            layers.append(
                alt.Chart(pd.DataFrame(levels))
                .mark_rule(strokeWidth=3)
                .encode(
                    x="start:T",
                    x2="end:T",
                    y="level:Q",
                    color=alt.Color("window:N", scale=window_scale, legend=None),
                    tooltip=[
                        alt.Tooltip("window:N", title=" "),
                        alt.Tooltip("level:Q", title=fmt.t("value"), format=",.1f"),
                    ],
                )
            )
        if _present(comparison["target_value"]):
            layers.append(
                alt.Chart(pd.DataFrame([{"target": comparison["target_value"]}]))
                .mark_rule(color=RED, strokeDash=[4, 3])
                .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", title=fmt.t("target"))])
            )
    marks = []
    if _present(scope["go_live_month"]):
        marks.append(
            {"at": pd.Timestamp(scope["go_live_month"]), "what": fmt.t("go_live"), "dash": 0}
        )
        if _present(scope["stabilization_end_month"]):
            marks.append(
                {
                    "at": _month_end(scope["stabilization_end_month"]),
                    "what": fmt.t("stabilisation_end"),
                    "dash": 1,
                }
            )
    for mark in marks:
        layers.append(
            alt.Chart(pd.DataFrame([mark]))
            .mark_rule(color="black", strokeDash=[5, 3] if mark["dash"] else [1, 0])
            .encode(
                x="at:T",
                tooltip=[alt.Tooltip("what:N", title=" "), alt.Tooltip("at:T", format="%m/%Y")],
            )
        )
    title = scope["display_name"]
    if scope["grain"] == "company":
        title = fmt.t("company")
    elif scope["is_control"]:
        title = f"{title} – {fmt.t('control_region')}"
    return alt.layer(*layers).properties(
        width=PANEL_WIDTH, height=PANEL_HEIGHT, title=alt.TitleParams(title, fontSize=12)
    )


def series_chart(
    kpi_code: str,
    unit_title: str,
    windows: pd.DataFrame,
    series: pd.DataFrame,
    comparison: pd.DataFrame,
    fmt: Formatter,
) -> dict[str, Any]:
    """Small multiples: company, every live region, then the control regions."""
    panels = []
    for _, scope in windows.iterrows():
        own = series[
            (series["kpi_code"] == kpi_code) & (series["scope_code"] == scope["scope_code"])
        ]
        if own.empty:
            continue
        match = comparison[
            (comparison["kpi_code"] == kpi_code) & (comparison["scope_code"] == scope["scope_code"])
        ]
        row = match.iloc[0] if not match.empty else None
        panels.append(_panel(scope, own[["period_month", "value"]], row, unit_title, fmt))
    chart = alt.concat(*panels, columns=3).resolve_scale(color="independent")
    return chart.to_dict()


def effects_chart(
    rows: pd.DataFrame, unit_title: str, is_total: bool, fmt: Formatter
) -> dict[str, Any]:
    """Change and DiD per scope with their 95 % intervals; filled = significant after BH.

    rows: scope_name, measure ('change' / 'did'), estimate, low, high, significance label.
    For totals the estimates are relative changes in percent and carry no interval.
    """
    significance_scale = alt.Scale(
        domain=[fmt.t("significant_bh"), fmt.t("not_significant"), fmt.t("no_test")],
        range=["#08519c", "#9ecae1", "#999999"],
    )
    charts = []
    order = list(dict.fromkeys(rows["scope_name"]))
    for measure, title in (("change", fmt.t("change")), ("did", fmt.t("did"))):
        data = rows[rows["measure"] == measure]
        if data.empty:
            continue
        y = alt.Y("scope_name:N", title=None, sort=order)
        base = alt.Chart(data)
        layers = [
            alt.Chart(pd.DataFrame([{"zero": 0}])).mark_rule(color="black").encode(x="zero:Q"),
        ]
        if not is_total:
            layers.append(
                base.mark_rule(strokeWidth=2, color=GREY).encode(
                    x=alt.X("low:Q", title=unit_title), x2="high:Q", y=y
                )
            )
        layers.append(
            base.mark_point(size=90, filled=True, opacity=1).encode(
                x=alt.X("estimate:Q", title=unit_title),
                y=y,
                color=alt.Color(
                    "significance:N",
                    scale=significance_scale,
                    legend=alt.Legend(title=None, orient="bottom"),
                ),
                tooltip=[
                    alt.Tooltip("scope_name:N", title=" "),
                    alt.Tooltip("estimate:Q", title=title, format="+,.1f"),
                    alt.Tooltip("low:Q", title="95 % –", format="+,.1f"),
                    alt.Tooltip("high:Q", title="95 % +", format="+,.1f"),
                    alt.Tooltip("significance:N", title=" "),
                ],
            )
        )
        charts.append(alt.layer(*layers).properties(width=260, height=25 * len(order), title=title))
    return alt.hconcat(*charts).to_dict()


def roi_chart(roi: pd.Series, fmt: Formatter) -> dict[str, Any]:
    """Draw the specified ROI next to the one credited only with growth beyond control."""
    data = pd.DataFrame(
        [
            {"what": fmt.t("roi_spec"), "roi": roi["roi"] * 100},
            {"what": fmt.t("roi_did"), "roi": roi["did_roi"] * 100},
        ]
    )
    bars = (
        alt.Chart(data)
        .mark_bar(color=BLUE)
        .encode(
            x=alt.X("roi:Q", title="ROI (%)"),
            y=alt.Y("what:N", title=None, sort=None),
            tooltip=[alt.Tooltip("what:N", title=" "), alt.Tooltip("roi:Q", format=",.0f")],
        )
    )
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text("roi:Q", format=",.0f"))
    return (bars + labels).properties(width=420, height=80).to_dict()


def cost_budget_chart(cost_budget: pd.DataFrame, fmt: Formatter) -> dict[str, Any]:
    """Cumulative CRM cost against the cumulative budget."""
    data = cost_budget.rename(
        columns={"cumulative_actual_eur": fmt.t("actual"), "cumulative_budget_eur": fmt.t("budget")}
    ).melt("period_month", var_name="series", value_name="eur")
    domain = [fmt.t("actual"), fmt.t("budget")]
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=10))
        .encode(
            x=alt.X("period_month:T", title=None, axis=alt.Axis(format="%m/%y")),
            y=alt.Y("eur:Q", title=fmt.t("cost_eur")),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=domain, range=[RED, GREY]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [5, 3]]), legend=None
            ),
            tooltip=[
                alt.Tooltip("period_month:T", format="%m/%Y", title=fmt.t("month")),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("eur:Q", format=",.0f"),
            ],
        )
        .properties(width=520, height=200)
        .to_dict()
    )


def usage_chart(
    usage: pd.DataFrame, kpi_titles: dict[str, str], names: dict[str, str]
) -> dict[str, Any]:
    """CRM usage KPIs per region over time."""
    charts = []
    for kpi_code, title in kpi_titles.items():
        data = usage[(usage["kpi_code"] == kpi_code) & (usage["scope_code"] != "company")].copy()
        if data.empty:
            continue
        data["region"] = data["scope_code"].map(names).fillna(data["scope_code"])
        charts.append(
            alt.Chart(data)
            .mark_line()
            .encode(
                x=alt.X("period_month:T", title=None, axis=alt.Axis(format="%m/%y")),
                y=alt.Y("value:Q", title=title),
                color=alt.Color("region:N", legend=alt.Legend(title=None, orient="bottom")),
                tooltip=[
                    "region:N",
                    alt.Tooltip("period_month:T", format="%m/%Y"),
                    alt.Tooltip("value:Q", format=",.1f"),
                ],
            )
            .properties(width=380, height=200, title=title)
        )
    return alt.hconcat(*charts).to_dict()


def quality_chart(audit: pd.DataFrame, fmt: Formatter) -> dict[str, Any]:
    """Draw the rows quarantined per table (every table, zeros included)."""
    data = audit[["source_table", "quarantined_row_count"]]
    bars = (
        alt.Chart(data)
        .mark_bar(color=RED)
        .encode(
            y=alt.Y("source_table:N", title=None, sort="-x"),
            x=alt.X("quarantined_row_count:Q", title=fmt.t("rows"), axis=alt.Axis(tickMinStep=1)),
            tooltip=["source_table:N", "quarantined_row_count:Q"],
        )
    )
    labels = bars.mark_text(align="left", dx=3).encode(text="quarantined_row_count:Q")
    return (bars + labels).properties(width=420, height=14 * max(1, len(data))).to_dict()
