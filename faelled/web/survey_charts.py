"""The survey charts as Vega-Lite specs (Altair): Knoster bars with status, the core-needs
heatmap, mindset arrows, the maturity heatmap, the type of change and the change between rounds.

Each takes the table-shaped rows of `faelled.survey.results` for one group (or all groups for the
heatmap) and leaves suppressed rows out, or marks them as hidden — never as zero."""

from __future__ import annotations

from typing import Any

import altair as alt

from faelled.survey.scoring import MISSING_BELOW, PRESENT_FROM
from faelled.web.i18n import Lang
from faelled.web.survey_texts import survey_text

STATUS_COLOURS = {"present": "#2e7d32", "at_risk": "#f0a202", "missing": "#c62828"}
HIDDEN = "#d9d6cf"


def _spec(chart: alt.TopLevelMixin, description: str) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict()
    spec["description"] = description
    return spec


def knoster_bars(results: dict[str, Any], group: str, lang: Lang) -> dict[str, Any]:
    titles = {e["id"]: e["title"] for e in results["elements"]}
    order = [e["title"] for e in results["elements"]]
    rows = [
        {
            "element": titles[r["element"]],
            "start": 1,  # the scale starts at 1: a bar from 0 would claim a score nobody can give
            "mean": r["mean"],
            "status": survey_text(r["status"], lang),
            "status_id": r["status"],
        }
        for r in results["results"]
        if r["group"] == group and not r["suppressed"]
    ]
    statuses = [survey_text(s, lang) for s in STATUS_COLOURS]
    base = alt.Chart(alt.Data(values=rows))
    bars = base.mark_bar().encode(
        x=alt.X("start:Q", title=survey_text("mean", lang), scale=alt.Scale(domain=[1, 5])),
        x2="mean:Q",
        y=alt.Y("element:N", title=None, sort=order),
        color=alt.Color(
            "status:N",
            title=survey_text("status", lang),
            scale=alt.Scale(domain=statuses, range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("element:N", title=survey_text("element", lang)),
            alt.Tooltip("mean:Q", format=".2f", title=survey_text("mean", lang)),
            alt.Tooltip("status:N", title=survey_text("status", lang)),
        ],
    )
    limits = (
        alt.Chart(alt.Data(values=[{"x": MISSING_BELOW}, {"x": PRESENT_FROM}]))
        .mark_rule(strokeDash=[4, 3], color="#5b6673")
        .encode(x="x:Q")
    )
    chart = (bars + limits).properties(width="container", height=30 * max(len(order), 1))
    return _spec(chart, survey_text("knoster", lang))


def needs_heatmap(
    results: dict[str, Any], groups: list[dict[str, Any]], lang: Lang
) -> dict[str, Any]:
    needs = {n["id"]: n["title"] for n in results["needs"]}
    names = {g["id"]: "  " * g["depth"] + g["name"] for g in groups}
    rows = [
        {
            "group": names[r["group"]],
            "need": needs[r["need"]],
            "mean": r["mean"],
            "label": "–"
            if r["suppressed"]
            else f"{r['mean']:.1f}" + (" !" if r["threatened"] else ""),
            "threatened": survey_text("threatened", lang) if r["threatened"] else "",
        }
        for r in results["results"]
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(
            "need:N",
            title=None,
            sort=list(needs.values()),
            axis=alt.Axis(orient="top", labelAngle=-40),
        ),
        y=alt.Y("group:N", title=None, sort=[names[g["id"]] for g in groups]),
    )
    cells = (
        base.mark_rect(stroke="white")
        .transform_filter("datum.mean !== null")
        .encode(
            color=alt.Color(
                "mean:Q",
                title=survey_text("mean", lang),
                scale=alt.Scale(domain=[1, 5], scheme="redyellowgreen"),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=survey_text("unit", lang)),
                alt.Tooltip("need:N", title=survey_text("need", lang)),
                alt.Tooltip("mean:Q", format=".2f", title=survey_text("mean", lang)),
                alt.Tooltip("threatened:N", title=survey_text("status", lang)),
            ],
        )
    )
    hidden = (
        base.mark_rect(stroke="white", color=HIDDEN)
        .transform_filter("datum.mean === null")
        .encode(tooltip=[alt.Tooltip("group:N", title=survey_text("unit", lang))])
    )
    text = base.mark_text(fontSize=12).encode(text="label:N")
    chart = (hidden + cells + text).properties(width="container", height=32 * len(groups))
    return _spec(chart, survey_text("needs", lang))


def mindset_arrows(results: dict[str, Any], group: str, lang: Lang) -> dict[str, Any]:
    quadrants = {q["id"]: q["title"] for q in results["quadrants"]}
    rows = [
        {
            "quadrant": quadrants[r["quadrant"]],
            "today": r["today"],
            "desired": r["desired"],
            "gap": r["gap"],
            "shape": "triangle-right" if (r["gap"] or 0) >= 0 else "triangle-left",
        }
        for r in results["results"]
        if r["group"] == group and not r["suppressed"]
    ]
    top = results.get("points") or 5
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("quadrant:N", title=None, sort=list(quadrants.values()))
    )
    x = alt.X("today:Q", title=survey_text("from_to_axis", lang), scale=alt.Scale(domain=[1, top]))
    line = base.mark_rule(strokeWidth=3, color="#1f6f5c").encode(x=x, x2="desired:Q")
    start = base.mark_point(size=90, filled=False, color="#1f6f5c").encode(
        x=x,
        tooltip=[
            alt.Tooltip("quadrant:N", title=survey_text("quadrant", lang)),
            alt.Tooltip("today:Q", format=".2f", title=survey_text("today", lang)),
            alt.Tooltip("desired:Q", format=".2f", title=survey_text("desired", lang)),
        ],
    )
    end = base.mark_point(size=160, filled=True, color="#1f6f5c").encode(
        x="desired:Q",
        shape=alt.Shape("shape:N", scale=None),
        tooltip=[
            alt.Tooltip("desired:Q", format=".2f", title=survey_text("desired", lang)),
            alt.Tooltip("gap:Q", format="+.2f", title=survey_text("gap", lang)),
        ],
    )
    chart = (line + start + end).properties(width="container", height=48 * max(len(rows), 1))
    return _spec(chart, survey_text("mindset", lang))


def maturity_heatmap(results: dict[str, Any], group: str, lang: Lang) -> dict[str, Any]:
    topics = {t["id"]: t["title"] for t in results["topics"]}
    themes = {t["id"]: t["title"] for t in results["themes"]}
    rows = [
        {
            "topic": topics[r["topic"]],
            "theme": themes[r["theme"]],
            "median": r["median"],
            "label": r["level"] or "–",
        }
        for r in results["results"]
        if r["group"] == group
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(
            "theme:N",
            title=None,
            sort=list(themes.values()),
            axis=alt.Axis(orient="top", labelAngle=0),
        ),
        y=alt.Y("topic:N", title=None, sort=list(topics.values())),
    )
    cells = (
        base.mark_rect(stroke="white")
        .transform_filter("datum.median !== null")
        .encode(
            color=alt.Color(
                "median:Q",
                title=survey_text("level", lang),
                scale=alt.Scale(domain=[1, len(results["levels"])], scheme="blues"),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("topic:N", title=survey_text("topic", lang)),
                alt.Tooltip("theme:N", title=survey_text("theme", lang)),
                alt.Tooltip("label:N", title=survey_text("level", lang)),
            ],
        )
    )
    hidden = base.mark_rect(stroke="white", color=HIDDEN).transform_filter("datum.median === null")
    text = base.mark_text(fontSize=11).encode(text="label:N")
    chart = (hidden + cells + text).properties(width="container", height=60 * len(topics))
    return _spec(chart, survey_text("maturity", lang))


def change_type_bars(row: dict[str, Any], lang: Lang) -> dict[str, Any]:
    kinds = ["developmental", "transitional", "transformational"]
    rows = [{"type": survey_text(k, lang), "n": row[k]} for k in kinds]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#1f6f5c")
        .encode(
            x=alt.X("n:Q", title=survey_text("respondents", lang)),
            y=alt.Y("type:N", title=None, sort=[survey_text(k, lang) for k in kinds]),
            tooltip=["type:N", "n:Q"],
        )
        .properties(width="container", height=100)
    )
    return _spec(chart, survey_text("changetype", lang))


def change_between_rounds(
    changes: list[dict[str, Any]], labels: dict[tuple[str, str], str], lang: Lang
) -> dict[str, Any]:
    rows = [
        {
            "measure": labels[(c["instrument"], c["scale"])],
            "diff": c["diff"],
            "low": c["low"],
            "high": c["high"],
            "warning": survey_text("warnings", lang) if c["warning"] else "",
        }
        for c in changes
    ]
    order = [r["measure"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(y=alt.Y("measure:N", title=None, sort=order))
    colour = alt.condition("datum.warning !== ''", alt.value("#c62828"), alt.value("#1f6f5c"))
    bars = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", title=survey_text("change_axis", lang)), x2="high:Q", color=colour
    )
    points = base.mark_point(filled=True, size=70).encode(
        x="diff:Q",
        color=colour,
        tooltip=[
            alt.Tooltip("measure:N"),
            alt.Tooltip("diff:Q", format="+.2f"),
            alt.Tooltip("low:Q", format="+.2f"),
            alt.Tooltip("high:Q", format="+.2f"),
        ],
    )
    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color="#5b6673").encode(x="x:Q")
    chart = (zero + bars + points).properties(width="container", height=22 * max(len(rows), 1))
    return _spec(chart, survey_text("change_axis", lang))
