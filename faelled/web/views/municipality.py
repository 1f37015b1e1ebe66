"""The municipality profile: who it is, and per domain a tile for every key figure — the
latest value, unit, trend, rank among all 98 and among its comparable municipalities (the
domain's sammenligningskommuner), and whether it is better or worse than the country."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from faelled.access import Actor
from faelled.catalog.kpis import KPI
from faelled.errors import NotFound
from faelled.reference import reference, resolve_place
from faelled.web.charts_kpi import sparkline
from faelled.web.i18n import Lang, translate
from faelled.web.serving import COUNTRY, readable_kpis
from faelled.web.store import Snapshot
from faelled.web.views.benchmark import comparison_members
from faelled.web.views.figures import (
    fmt,
    kpi_summary,
    latest_period,
    ranks,
    series,
    totals,
    verdict,
)
from faelled.web.views.reference import municipality_public


def comparison_group(snap: Snapshot, code: str, kpi: KPI) -> tuple[str, list[str]]:
    """The municipalities `code` is ranked among besides all 98: (kind, members incl. `code`).

    The KPI's domain's computed sammenligningskommuner (faelled.benchmark.report.peer_group over
    the snapshot's structural data); the kommunegruppe where they cannot be computed. One place,
    used by the tiles; the benchmark page shows the group and why."""
    return comparison_members(snap, code, kpi)


def tile(actor: Actor, snap: Snapshot, kpi: KPI, code: str, lang: Lang) -> dict[str, Any] | None:
    period = latest_period(snap, kpi)
    if period is None:
        return None
    mine = series(actor, snap, kpi, "municipality", code)
    if not mine:
        return None
    latest = mine[-1]
    everyone = totals(actor, snap, kpi, latest["period"])
    kind, members = comparison_group(snap, code, kpi)
    group_rows = [r for r in everyone if r["area"] in members]
    country = series(actor, snap, kpi, "country", COUNTRY)
    country_value = next((r["value"] for r in country if r["period"] == latest["period"]), None)
    rank_all = ranks(kpi, everyone).get(code)
    rank_group = ranks(kpi, group_rows).get(code)
    judged = verdict(kpi, latest["value"], country_value)
    return {
        **kpi_summary(kpi, lang),
        "url": f"/noegletal/{kpi.id}?kommune={code}",
        "benchmark_url": f"/kommune/{code}/sammenligning?noegletal={kpi.id}",
        "period": latest["period"],
        "value": latest["value"],
        "value_text": fmt(latest["value"], lang),
        "suppressed": latest["suppressed"],
        "series": [
            {"period": r["period"], "value": r["value"], "suppressed": r["suppressed"]}
            for r in mine
        ],
        "sparkline": sparkline([r["value"] for r in mine]),
        "rank": rank_all,
        "rank_of": sum(1 for r in everyone if r["value"] is not None),
        "group_kind": kind,
        "group_rank": rank_group,
        "group_of": sum(1 for r in group_rows if r["value"] is not None),
        "country_value": country_value,
        "country_text": fmt(country_value, lang),
        "verdict": judged,
        "verdict_text": translate(f"verdict_{judged}", lang) if judged else "",
    }


def municipality_data(
    name_or_code: str, lang: Lang, actor: Actor, snap: Snapshot
) -> dict[str, Any]:
    place = resolve_place(name_or_code)
    if place.kind != "municipality":
        raise NotFound(f"{place.name} er ikke en af de 98 kommuner / not one of the 98.")
    data = municipality_public(place.code)
    ref = reference()
    data["same_group"] = [
        {"id": m.code, "title": m.name}
        for m in ref.municipalities
        if m.kommunegruppe_code == data["kommunegruppe"]["id"] and m.code != place.code
    ]
    by_domain: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for kpi in readable_kpis(actor, snap).values():
        t = tile(actor, snap, kpi, place.code, lang)
        if t is not None:
            by_domain[str(kpi.domain)].append(t)
    data["domains"] = [
        {"id": d, "title": translate(f"domain_{d}", lang), "tiles": tiles}
        for d, tiles in sorted(by_domain.items())
    ]
    return data
