"""The benchmark page's chart: expected versus actual for every municipality with a served value
in one KPI × period — x the value its structural conditions predict, y the actual value, a
vertical bar for the 95% prediction interval, the line actual = expected, the chosen
municipality highlighted and the values outside their interval marked.

Suppressed municipalities are not in the chart at all: their value is not served, and the model
is fitted without it (faelled/web/views/benchmark.py). The page's table lists them as suppressed.
As in charts_kpi.py, the skeleton is cached per unit and language and a request fills in the
named datasets only."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import altair as alt

from faelled.catalog.kpis import KPI
from faelled.web.charts_kpi import FIGURES, HIGHLIGHT
from faelled.web.i18n import Lang, translate

DIAGONAL = "diagonal"
FLAG_COLOURS = {"within": "#7fa99b", "above": "#4c78a8", "below": "#9d4edd"}


def scatter_chart(kpi: KPI, rows: list[dict[str, Any]], lang: Lang) -> dict[str, Any]:
    """`rows`: {"name", "expected", "actual", "lower", "upper", "flag", "chosen", "url"} for the
    municipalities in the model."""
    data = [
        {
            "name": r["name"],
            "expected": r["expected"],
            "actual": r["actual"],
            "lower": r["lower"],
            "upper": r["upper"],
            "status": translate(f"bm_flag_{r['flag'] or 'within'}", lang),
            "flag": r["flag"] or "within",
            "chosen": r["chosen"],
            "url": r["url"],
        }
        for r in rows
    ]
    # The line actual = expected across the expected values (not the intervals: the x axis
    # stays on the data).
    xs = [r["expected"] for r in rows]
    line = [{"x": min(xs), "y": min(xs)}, {"x": max(xs), "y": max(xs)}] if xs else []
    spec = {
        **_skeleton(str(kpi.unit), lang),
        "datasets": {FIGURES: data, DIAGONAL: line},
    }
    spec["description"] = f"{translate('bm_scatter', lang)}: {kpi.title.get(lang)}"
    return spec


@lru_cache(maxsize=64)
def _skeleton(unit: str, lang: Lang) -> dict[str, Any]:
    unit_text = translate(f"unit_{unit}", lang)
    x = alt.X(
        "expected:Q",
        title=f"{translate('bm_expected', lang)} ({unit_text})",
        scale=alt.Scale(zero=False),
    )
    y = alt.Y(
        "actual:Q",
        title=f"{translate('bm_actual', lang)} ({unit_text})",
        scale=alt.Scale(zero=False),
    )
    tooltip = [
        alt.Tooltip("name:N", title=translate("municipality", lang)),
        alt.Tooltip("actual:Q", title=translate("bm_actual", lang), format=",.2f"),
        alt.Tooltip("expected:Q", title=translate("bm_expected", lang), format=",.2f"),
        alt.Tooltip("lower:Q", title=translate("bm_lower", lang), format=",.2f"),
        alt.Tooltip("upper:Q", title=translate("bm_upper", lang), format=",.2f"),
        alt.Tooltip("status:N", title=translate("note", lang)),
    ]
    base = alt.Chart(alt.NamedData(name=FIGURES))
    diagonal = (
        alt.Chart(alt.NamedData(name=DIAGONAL))
        .mark_line(color="#555555", strokeDash=[4, 4], strokeWidth=1)
        .encode(x=alt.X("x:Q"), y=alt.Y("y:Q"))
    )
    bars = base.mark_rule(strokeWidth=1, opacity=0.45).encode(
        x=x,
        y=alt.Y("lower:Q"),
        y2=alt.Y2("upper:Q"),
        color=alt.condition("datum.chosen", alt.value(HIGHLIGHT), alt.value("#9aa5a0")),
    )
    flags = list(FLAG_COLOURS)
    points = base.mark_point(filled=True, size=48, opacity=0.9).encode(
        x=x,
        y=y,
        color=alt.Color(
            "flag:N",
            title=None,
            scale=alt.Scale(domain=flags, range=[FLAG_COLOURS[f] for f in flags]),
            legend=alt.Legend(
                orient="bottom",
                labelExpr=_legend_labels(lang),
                labelLimit=260,
            ),
        ),
        shape=alt.Shape(
            "flag:N",
            scale=alt.Scale(domain=flags, range=["circle", "triangle-up", "triangle-down"]),
            legend=None,
        ),
        tooltip=tooltip,
        href="url:N",
    )
    chosen = (
        base.transform_filter("datum.chosen")
        .mark_point(filled=False, size=260, strokeWidth=2.5, color=HIGHLIGHT)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    label = (
        base.transform_filter("datum.chosen")
        .mark_text(align="left", dx=12, dy=-10, fontWeight="bold", color=HIGHLIGHT)
        .encode(x=x, y=y, text="name:N")
    )
    chart = alt.layer(diagonal, bars, points, chosen, label).properties(
        width="container", height=360
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)  # validated in tests
    return spec


def _legend_labels(lang: Lang) -> str:
    """A Vega expression naming the flag values in the page's language."""
    names = {f: translate(f"bm_flag_{f}", lang).replace("'", "’") for f in FLAG_COLOURS}
    return (
        f"datum.label == 'above' ? '{names['above']}' : "
        f"datum.label == 'below' ? '{names['below']}' : '{names['within']}'"
    )
