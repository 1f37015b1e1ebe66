"""The KPI page: the definition and its metadata; the chosen municipality over time against its
region, kommunegruppe, the country and its comparable municipalities (their weighted value); the
ranking of the 98; the map; the table; and downloads of what is shown in every format."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from faelled.access import Actor
from faelled.catalog.kpis import KPI
from faelled.errors import NotFound
from faelled.reference import reference, resolve
from faelled.web.charts_kpi import kpi_map, ranking_chart, series_chart
from faelled.web.formats import FORMATS
from faelled.web.i18n import Lang, translate
from faelled.web.serving import COUNTRY, AreaType, area_name, get_readable
from faelled.web.store import Row, Snapshot
from faelled.web.views.benchmark import peer_series
from faelled.web.views.figures import fmt, kpi_summary, latest_period, ranks, series, totals

# Lines beside the municipality's own, region, kommunegruppe and country: (actor, snapshot,
# kpi, municipality, language) → [{"series": label, "period": p, "value": v}]. Today the
# municipality's computed peers (sammenligningskommuner) and their weighted value.
PeerSeries = Callable[[Actor, Snapshot, KPI, str, Lang], list[dict[str, Any]]]
PEER_SERIES: tuple[PeerSeries, ...] = (peer_series,)


def definition(kpi: KPI, lang: Lang) -> dict[str, Any]:
    return {
        **kpi_summary(kpi, lang),
        "description": kpi.description.get(lang),
        "direction_text": translate(f"direction_{kpi.direction}", lang),
        "numerator": kpi.numerator.description.get(lang) if kpi.numerator.description else None,
        "denominator": (
            kpi.denominator.description.get(lang)
            if kpi.denominator and kpi.denominator.description
            else None
        ),
        "datasets": sorted(kpi.datasets),
        "breakdowns": kpi.breakdowns,
        "periodicity": kpi.periodicity,
        "publication_date": kpi.publication_date.isoformat() if kpi.publication_date else None,
        "source": kpi.source.get(lang) if kpi.source else None,
        "owner": kpi.owner,
        "min_n": kpi.min_n,
    }


def downloads(kpi: KPI, period: str | None, municipality: str | None) -> list[dict[str, Any]]:
    """Links to /api/v1/values for what the page shows: all municipalities in the period, and
    the chosen municipality over time."""
    sets: list[tuple[str, dict[str, Any]]] = []
    if period is not None:
        sets.append(("period", {"kpi": kpi.id, "period": period}))
    if municipality is not None:
        sets.append(("municipality", {"kpi": kpi.id, "municipality": municipality}))
    out = []
    for what, params in sets:
        links = []
        for f in FORMATS:
            links.append(
                {"format": f, "url": "/api/v1/values?" + urlencode({**params, "format": f})}
            )
            if f == "csv":
                links.append(
                    {
                        "format": "csv (,)",
                        "url": "/api/v1/values?" + urlencode({**params, "format": f, "sep": ","}),
                    }
                )
        out.append({"what": what, "links": links})
    return out


def _line(label: str, rows: list[Row]) -> list[dict[str, Any]]:
    return [{"series": label, "period": r["period"], "value": r["value"]} for r in rows]


def comparison_lines(
    actor: Actor, snap: Snapshot, kpi: KPI, code: str, lang: Lang
) -> list[dict[str, Any]]:
    m = reference().municipality(code)
    areas: list[tuple[AreaType, str]] = [
        ("municipality", code),
        ("region", m.region_code),
        ("kommunegruppe", m.kommunegruppe_code),
        ("country", COUNTRY),
    ]
    lines: list[dict[str, Any]] = []
    for area_type, area in areas:
        lines += _line(area_name(area_type, area, lang), series(actor, snap, kpi, area_type, area))
    for peers in PEER_SERIES:
        lines += peers(actor, snap, kpi, code, lang)
    return lines


def kpi_data(
    kpi_id: str,
    lang: Lang,
    actor: Actor,
    snap: Snapshot,
    municipality: str | None = None,
    period: str | None = None,
) -> dict[str, Any]:
    kpi = get_readable(actor, snap, kpi_id)
    code = resolve(municipality) if municipality else None
    periods = snap.periods.get(kpi.id, [])
    if period is not None and period not in periods:
        raise NotFound(
            f"Ingen tal for {kpi.id} i {period} / no figures for that period.",
            hint="Perioder / periods: " + ", ".join(periods),
        )
    period = period if period is not None else latest_period(snap, kpi)
    rows = totals(actor, snap, kpi, period) if period is not None else []
    ranked = ranks(kpi, rows)
    table = sorted(
        (
            {
                "area": r["area"],
                "area_name": area_name("municipality", r["area"], lang),
                "value": r["value"],
                "value_text": fmt(r["value"], lang),
                "suppressed": r["suppressed"],
                "rank": ranked.get(r["area"]),
                "chosen": r["area"] == code,
            }
            for r in rows
        ),
        key=lambda r: (r["rank"] is None, r["rank"] or 0, r["area_name"]),
    )
    country = totals(actor, snap, kpi, period, "country") if period is not None else []
    data: dict[str, Any] = {
        "kpi": definition(kpi, lang),
        "periods": periods,
        "period": period,
        "municipality": (
            {"id": code, "title": reference().municipality(code).name} if code else None
        ),
        "benchmark_url": (
            f"/kommune/{code}/sammenligning?noegletal={kpi.id}&periode={period}"
            if code and period
            else None
        ),
        "country_value": country[0]["value"] if country else None,
        "country_text": fmt(country[0]["value"] if country else None, lang),
        "table": table,
        "suppressed_count": sum(1 for r in table if r["suppressed"]),
        "no_value_count": sum(1 for r in table if r["value"] is None and not r["suppressed"]),
        "downloads": downloads(kpi, period, code),
        "charts": {
            "map": kpi_map(kpi, rows, lang, period),
            "ranking": ranking_chart(kpi, table, lang, code),
            "series": (
                series_chart(kpi, comparison_lines(actor, snap, kpi, code, lang), lang)
                if code
                else series_chart(
                    kpi,
                    _line(
                        area_name("country", COUNTRY, lang),
                        series(actor, snap, kpi, "country", COUNTRY),
                    ),
                    lang,
                )
            ),
        },
        "municipalities": [{"id": m.code, "title": m.name} for m in reference().municipalities],
    }
    return data
