"""Charts of key figures as Vega-Lite specs (Altair): the choropleth, the time series against
region, kommunegruppe and country, the ranking of the 98, and the tiles' sparklines.

Colour follows the KPI's direction so that darker always means better: a lower-is-better KPI
reverses the scale; a neutral KPI uses a neutral blue. Suppressed municipalities stay on the map
in grey with "suppressed" in their tooltip — never left out, so no one mistakes them for zero.

Building a spec through Altair costs tens of milliseconds (it converts and validates every
value), so each chart's skeleton is built once per KPI and language and cached, and a request
only puts its rows in as the named dataset "figures". Skeletons skip Altair's validation; the
tests validate them (tests/test_charts.py)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import altair as alt

from faelled.catalog.kpis import KPI, Direction
from faelled.reference import reference
from faelled.web.charts import BOUNDARIES_URL
from faelled.web.i18n import Lang, translate
from faelled.web.store import Row

SUPPRESSED_GREY = "#c8c8c8"
FIGURES = "figures"  # the named dataset each chart's rows are served in
HIGHLIGHT = "#b5461f"


def _scale(direction: str) -> alt.Scale:
    if direction == Direction.neutral:
        return alt.Scale(scheme="blues")
    return alt.Scale(scheme="greens", reverse=direction == Direction.lower_is_better)


def _status(row: Row | None, lang: Lang) -> str:
    if row is not None and row["suppressed"]:
        return translate("suppressed", lang)
    # No row, or a row without a value: nothing delivered for the period (or a denominator 0).
    return translate("no_value", lang) if row is None or row["value"] is None else ""


def _with_figures(skeleton: dict[str, Any], data: list[dict[str, Any]]) -> dict[str, Any]:
    """A cached chart skeleton with this request's rows as its `figures` dataset."""
    return {**skeleton, "datasets": {FIGURES: data}}


def kpi_map(kpi: KPI, rows: list[Row], lang: Lang, period: str | None) -> dict[str, Any]:
    """The 98 municipalities coloured by the KPI's value in one period; a click opens the
    municipality's page."""
    by_area = {r["area"]: r for r in rows}
    data = [
        {
            "code": m.code,
            "name": m.name,
            "value": (by_area[m.code]["value"] if m.code in by_area else None),
            "status": _status(by_area.get(m.code), lang),
            "url": f"/kommune/{m.code}?lang={lang}",
        }
        for m in reference().municipalities
    ]
    spec = _with_figures(
        _map_skeleton(kpi.title.get(lang), str(kpi.unit), str(kpi.direction), lang), data
    )
    spec["description"] = f"{translate('map_kpi_alt', lang)}: {kpi.title.get(lang)}, {period}"
    return spec


@lru_cache(maxsize=256)
def _map_skeleton(title: str, unit: str, direction: str, lang: Lang) -> dict[str, Any]:
    value_title = translate("value", lang)
    tooltip = [
        alt.Tooltip("name:N", title=translate("municipality", lang)),
        alt.Tooltip("value:Q", title=value_title, format=",.1f"),
        alt.Tooltip("status:N", title=translate("note", lang)),
    ]
    base = (
        alt.Chart(alt.Data(url=BOUNDARIES_URL, format=alt.DataFormat(property="features")))
        .transform_lookup(
            lookup="properties.code",
            from_=alt.LookupData(
                data=alt.NamedData(name=FIGURES),
                key="code",
                fields=["name", "value", "status", "url"],
            ),
        )
        .project(type="mercator")
    )
    # Two layers that split the 98: those without a served value in grey (so suppressed ones
    # stay on the map, with their tooltip and link) and the others coloured. One layer would
    # drop the null values: Vega-Lite filters invalid values out of a colour encoding.
    grey = (
        base.transform_filter("!isValid(datum.value)")
        .mark_geoshape(stroke="white", strokeWidth=0.5, fill=SUPPRESSED_GREY)
        .encode(tooltip=tooltip, href="url:N")
    )
    coloured = (
        base.transform_filter("isValid(datum.value)")
        .mark_geoshape(stroke="white", strokeWidth=0.5)
        .encode(
            color=alt.Color(
                "value:Q",
                title=f"{title} ({translate(f'unit_{unit}', lang)})",
                scale=_scale(direction),
                legend=alt.Legend(orient="bottom", gradientLength=240, titleLimit=320),
            ),
            tooltip=tooltip,
            href="url:N",
        )
    )
    chart = alt.layer(grey, coloured).properties(width="container", height=448)
    spec: dict[str, Any] = chart.to_dict(validate=False)  # validated in tests
    return spec


def series_chart(kpi: KPI, lines: list[dict[str, Any]], lang: Lang) -> dict[str, Any]:
    """Lines over the periods: the municipality, its region, its kommunegruppe, the country (and
    its peers when benchmarking provides them). `lines` are {"series", "period", "value"} rows;
    suppressed points are null and break the line."""
    order = tuple(dict.fromkeys(r["series"] for r in lines))
    spec = _with_figures(_series_skeleton(str(kpi.unit), lang, order), lines)
    spec["description"] = f"{translate('time_series', lang)}: {kpi.title.get(lang)}"
    return spec


@lru_cache(maxsize=256)
def _series_skeleton(unit: str, lang: Lang, order: tuple[str, ...]) -> dict[str, Any]:
    chart = (
        alt.Chart(alt.NamedData(name=FIGURES))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title=translate("period", lang)),
            y=alt.Y("value:Q", title=translate(f"unit_{unit}", lang), scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                sort=list(order),
                scale=alt.Scale(range=[HIGHLIGHT, "#1f6f5c", "#4c78a8", "#555555", "#9d755d"]),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=260),
            ),
            tooltip=[
                alt.Tooltip("series:N", title=translate("area", lang)),
                alt.Tooltip("period:O", title=translate("period", lang)),
                alt.Tooltip("value:Q", title=translate("value", lang), format=",.2f"),
            ],
        )
        .properties(width="container", height=260)
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)  # validated in tests
    return spec


def ranking_chart(
    kpi: KPI, rows: list[dict[str, Any]], lang: Lang, highlight: str | None
) -> dict[str, Any]:
    """The municipalities with a served value, best first; the chosen one highlighted. `rows`
    carry area, area_name, value and rank."""
    data = [
        {
            "name": r["area_name"],
            "value": r["value"],
            "rank": r["rank"],
            "chosen": r["area"] == highlight,
            "url": f"/noegletal/{kpi.id}?kommune={r['area']}&lang={lang}",
        }
        for r in rows
        if r.get("value") is not None
    ]
    spec = _with_figures(_ranking_skeleton(str(kpi.unit), lang), data)
    spec["description"] = f"{translate('ranking', lang)}: {kpi.title.get(lang)}"
    return spec


@lru_cache(maxsize=256)
def _ranking_skeleton(unit: str, lang: Lang) -> dict[str, Any]:
    chart = (
        alt.Chart(alt.NamedData(name=FIGURES))
        .mark_bar()
        .encode(
            x=alt.X(
                "name:N",
                sort=alt.EncodingSortField(field="rank", order="ascending"),
                title=translate("rank_axis", lang),
                axis=alt.Axis(labels=False, ticks=False),
            ),
            y=alt.Y("value:Q", title=translate(f"unit_{unit}", lang)),
            color=alt.condition("datum.chosen", alt.value(HIGHLIGHT), alt.value("#7fa99b")),
            tooltip=[
                alt.Tooltip("rank:Q", title=translate("rank", lang)),
                alt.Tooltip("name:N", title=translate("municipality", lang)),
                alt.Tooltip("value:Q", title=translate("value", lang), format=",.2f"),
            ],
            href="url:N",
        )
        .properties(width="container", height=240)
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)  # validated in tests
    return spec


def sparkline(values: list[float | None], width: int = 96, height: int = 28) -> str:
    """SVG polyline points for a tile's trend. A tile is small and a profile has dozens, so the
    sparkline is plain inline SVG drawn on the server, not a chart rendered in the browser.
    Suppressed periods are skipped."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    low = min(v for _, v in known)
    high = max(v for _, v in known)
    step = width / max(1, len(values) - 1)
    pad = 2

    def y(v: float) -> float:
        if high == low:
            return height / 2  # a flat trend is drawn mid-height
        return pad + (height - 2 * pad) * (1 - (v - low) / (high - low))

    return " ".join(f"{i * step:.1f},{y(v):.1f}" for i, v in known)
