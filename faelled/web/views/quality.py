"""Data quality per municipality (× domain) — "data as a commons": who contributes good data.

From ingest's `quality_scores` (completeness, validity, uniqueness, timeliness per dataset ×
municipality × load; faelled/ingest/quality.py defines them), the latest load of each dataset ×
municipality. Two views of the same dataset rows:

    municipality  one row per municipality: each measure's mean over all its datasets, and its
                  weakest domain (the data page's default: 98 rows, not 98 × domains)
    domain        one row per municipality × domain: the mean over the domain's datasets (the
                  drill-down, and the JSON API's default)

Both are filtered (region, municipality, domain: the datasets kept before averaging), sorted and
optionally paged on the server, so the page works without JavaScript. The overall score is the
mean of the datasets' own scores. Quality scores describe deliveries, not people: they are open
to everyone (resource "quality"), like the load counts beside them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from statistics import fmean
from typing import Any, Literal
from urllib.parse import urlencode

from faelled.access import Actor, check
from faelled.catalog.contracts import load_contracts
from faelled.engine import Database
from faelled.errors import InputError
from faelled.ingest.history import quality
from faelled.ingest.quality import DECAY_DAYS, GRACE_DAYS
from faelled.reference import reference
from faelled.reference.collation import danish_key
from faelled.settings import Settings
from faelled.web.i18n import Lang, translate

MEASURES = ("completeness", "validity", "uniqueness", "timeliness")
View = Literal["municipality", "domain"]
VIEWS: tuple[View, ...] = ("municipality", "domain")
SORT_KEYS: dict[View, tuple[str, ...]] = {
    "municipality": ("municipality", "region", "datasets", *MEASURES, "score"),
    "domain": ("municipality", "region", "domain", "datasets", *MEASURES, "score"),
}
TEXT_KEYS = {"municipality": "municipality_name", "region": "region_name", "domain": "domain_title"}
Order = Literal["asc", "desc"]
SORT_LABELS = {"datasets": "datasets_n"}  # the interface text of a sort key, when not its own
PAGE_SIZE = 25  # the data page's rows per page
# The data page's query words (Danish, like its other pages) for the API's names.
PAGE_PARAMS = {"view": "visning", "municipality": "kommune", "domain": "domaene", "page": "side"}
PAGE_VIEWS: dict[View, str] = {"municipality": "kommuner", "domain": "domaener"}
# Heat-map bands: a cell's class says how good the score is (CSS colours them; no inline style,
# which the Content-Security-Policy forbids).
BANDS = ((0.98, "q4"), (0.95, "q3"), (0.9, "q2"), (0.8, "q1"))


@dataclass(frozen=True)
class QualityQuery:
    """Which rows of the quality table: view, filters, sort and page. `per_page` None: all."""

    view: View = "domain"
    sort: str = "score"
    order: Order = "desc"
    region: str | None = None
    municipality: str | None = None
    domain: str | None = None
    page: int = 1
    per_page: int | None = None

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query as the data page's URL parameters (defaults and empty filters left out)."""
        q = replace(self, **changes)
        out: dict[str, Any] = {
            "visning": PAGE_VIEWS[q.view],
            "region": q.region,
            "kommune": q.municipality,
            "domaene": q.domain,
            "sort": q.sort,
            "order": q.order,
            "side": q.page if q.page > 1 else None,
        }
        return {k: v for k, v in out.items() if v is not None}


def band(score: float | None) -> str:
    if score is None:
        return "qn"
    return next((name for floor, name in BANDS if score >= floor), "q0")


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(fmean(present), 4) if present else None


def _resolve(query: QualityQuery, domains: set[str]) -> QualityQuery:
    """The query with its filters checked and written as codes; a clear error otherwise."""
    if query.view not in VIEWS:
        raise InputError(
            f"Ukendt visning / unknown view: {query.view!r}.",
            hint="Brug / use: " + ", ".join(VIEWS),
        )
    keys = SORT_KEYS[query.view]
    if query.sort not in keys:
        raise InputError(
            f"Ukendt sortering / unknown sort key: {query.sort!r}.",
            hint="Sorter efter / sort by: " + ", ".join(keys),
        )
    ref = reference()
    region = municipality = None
    if query.region:
        found = [r for r in ref.regions if query.region.strip() in (r.code, r.dst_code)]
        if not found:
            raise InputError(
                f"Ukendt region / unknown region: {query.region!r}.",
                hint="Regionskoder / region codes: " + ", ".join(r.code for r in ref.regions),
            )
        region = found[0].code
    if query.municipality:
        text = query.municipality.strip()
        codes = {m.code for m in ref.municipalities}
        municipality = str(int(text)) if text.isascii() and text.isdigit() else text
        if municipality not in codes:
            raise InputError(
                f"Ukendt kommunekode / unknown municipality code: {query.municipality!r}.",
                hint="Skriv fx kommune=851 (Aalborg) / give e.g. municipality=851.",
            )
    if query.domain and query.domain not in domains:
        raise InputError(
            f"Ukendt domæne / unknown domain: {query.domain!r}.",
            hint="Domæner / domains: " + ", ".join(sorted(domains)),
        )
    if query.page < 1 or (query.per_page is not None and query.per_page < 1):
        raise InputError(
            "Side og antal pr. side skal være mindst 1 / page and per_page must be ≥ 1."
        )
    return replace(query, region=region, municipality=municipality, domain=query.domain or None)


def dataset_rows(
    db: Database, settings: Settings, query: QualityQuery, lang: Lang
) -> tuple[QualityQuery, list[dict[str, Any]]]:
    """The latest quality row of each dataset × municipality that the filters keep, with its
    domain and region; and the query resolved."""
    contracts = load_contracts(settings)
    query = _resolve(query, {str(c.domain) for c in contracts.values()})
    ref = reference()
    munis = {m.code: m for m in ref.municipalities}
    out = []
    for r in quality(db):
        contract = contracts.get(r["dataset"])
        if contract is None or not r["municipality"]:
            continue  # a dataset whose contract is gone: nothing to say which domain it was
        m = munis.get(r["municipality"])
        domain = str(contract.domain)
        row = {
            **r,
            "dataset_title": contract.title.get(lang),
            "domain": domain,
            "domain_title": translate(f"domain_{domain}", lang),
            "municipality_name": m.name if m else r["municipality"],
            "region": m.region_code if m else None,
            "region_name": m.region_name if m else None,
        }
        if query.region and row["region"] != query.region:
            continue
        if query.municipality and r["municipality"] != query.municipality:
            continue
        if query.domain and domain != query.domain:
            continue
        out.append(row)
    return query, out


def _aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Means over a group of dataset rows; the group's place (municipality, region) from its
    first row."""
    first = rows[0]
    return {
        "municipality": first["municipality"],
        "municipality_name": first["municipality_name"],
        "region": first["region"],
        "region_name": first["region_name"],
        "datasets": len(rows),
        **{k: _mean(r[k] for r in rows) for k in MEASURES},
        "score": _mean(r["score"] for r in rows),
        "computed_at": max(r["computed_at"] for r in rows),
    }


def domain_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per municipality × domain with the mean of each measure over its datasets."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["municipality"], r["domain"])].append(r)
    out = []
    for (_, domain), group in groups.items():
        agg = _aggregate(group)
        out.append({**agg, "domain": domain, "domain_title": group[0]["domain_title"]})
    return out


def municipality_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per municipality: each measure's mean over all its datasets, and the domain
    with the lowest score (ties: the first by title)."""
    by_domain = defaultdict(list)
    for d in domain_rows(rows):
        by_domain[d["municipality"]].append(d)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r["municipality"]].append(r)
    out = []
    for m, group in groups.items():
        scored = [d for d in by_domain[m] if d["score"] is not None]
        worst = min(scored, key=lambda d: (d["score"], d["domain_title"]), default=None)
        out.append(
            {
                **_aggregate(group),
                "domains": len(by_domain[m]),
                "worst_domain": worst["domain"] if worst else None,
                "worst_domain_title": worst["domain_title"] if worst else None,
                "worst_score": worst["score"] if worst else None,
            }
        )
    return out


def _sorted(rows: list[dict[str, Any]], key: str, order: Order) -> list[dict[str, Any]]:
    field = TEXT_KEYS.get(key, key)
    text = key in TEXT_KEYS
    present = [r for r in rows if r[field] is not None]
    missing = [r for r in rows if r[field] is None]  # unknown scores last, whatever the order
    tie: Callable[[dict[str, Any]], tuple[Any, ...]] = lambda r: (  # noqa: E731
        danish_key(r["municipality_name"]),
        danish_key(r.get("domain_title") or ""),
    )
    present.sort(
        key=lambda r: (danish_key(r[field]) if text else float(r[field]), *tie(r)),
        reverse=order == "desc",
    )
    missing.sort(key=tie)
    return present + missing


def heatmap(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Municipalities × domains of the overall score, for the compact table."""
    domains = sorted({(r["domain"], r["domain_title"]) for r in rows})
    by_m: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for r in rows:
        by_m[(r["municipality_name"], r["municipality"])][r["domain"]] = r["score"]
    return {
        "domains": [{"domain": d, "title": t} for d, t in domains],
        "rows": [
            {
                "municipality": code,
                "municipality_name": name,
                "cells": [
                    {"domain": d, "score": scores.get(d), "band": band(scores.get(d))}
                    for d, _ in domains
                ],
            }
            for (name, code), scores in sorted(by_m.items(), key=lambda i: danish_key(i[0][0]))
        ],
    }


def _dataset_detail(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keep = ("dataset", "dataset_title", "domain", "domain_title", "load_id", "computed_at")
    return [
        {**{k: r[k] for k in keep}, **{k: r[k] for k in (*MEASURES, "score")}}
        for r in sorted(rows, key=lambda r: (r["domain_title"], r["dataset_title"]))
    ]


def _all_late(rows: list[dict[str, Any]]) -> bool:
    """Every delivery that has a period scored 0 on timeliness: the page explains why."""
    known = [r["timeliness"] for r in rows if r["timeliness"] is not None]
    return bool(known) and not any(known)


def quality_data(
    actor: Actor,
    db: Database,
    settings: Settings,
    lang: Lang,
    sort: str = "score",
    order: Order = "desc",
    query: QualityQuery | None = None,
) -> dict[str, Any]:
    """The quality table's rows for a query (sort and order given alone: the whole
    municipality × domain table, as the API has always answered)."""
    check(actor, "read", "quality")
    query = query or QualityQuery(sort=sort, order=order)
    query, rows = dataset_rows(db, settings, query, lang)
    by_domain = domain_rows(rows)
    table = municipality_rows(rows) if query.view == "municipality" else by_domain
    table = _sorted(table, query.sort, query.order)
    total = len(table)
    per_page = query.per_page or max(total, 1)
    pages = max(1, -(-total // per_page))
    if query.page > pages:
        raise InputError(
            f"Side {query.page} findes ikke / page {query.page} does not exist.",
            hint=f"Der er {pages} side(r) / there are {pages} page(s).",
        )
    start = (query.page - 1) * per_page
    shown = table[start : start + per_page]
    return {
        "values": shown,
        "count": len(shown),
        "total": total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": pages,
        "first_row": start + 1 if shown else 0,
        "view": query.view,
        "sort": query.sort,
        "order": query.order,
        "filters": {
            "region": query.region,
            "municipality": query.municipality,
            "domain": query.domain,
        },
        "measures": list(MEASURES),
        "heatmap": heatmap(by_domain),
        # The drill-down's bottom: one municipality's datasets, each with its latest load.
        "datasets": _dataset_detail(rows) if query.municipality else None,
        "timeliness_all_late": _all_late(rows),
        "timeliness_days": {"grace": GRACE_DAYS, "zero": GRACE_DAYS + DECAY_DAYS},
    }


def _url(query: QualityQuery, lang: Lang, **changes: Any) -> str:
    return "/data?" + urlencode({**query.params(**changes), "lang": lang}) + "#quality"


def page_links(data: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """The data page's links for a quality answer: a sort link per column (first click: names
    A→Z, scores worst first; a second click turns the order; back to page 1), the pages, and
    the drill-down of each municipality to its domains."""
    f = data["filters"]
    q = QualityQuery(
        view=data["view"],
        sort=data["sort"],
        order=data["order"],
        region=f["region"],
        municipality=f["municipality"],
        domain=f["domain"],
        page=data["page"],
        per_page=data["per_page"],
    )
    sort = {}
    for key in SORT_KEYS[q.view]:
        nxt: Order = ("asc" if q.order == "desc" else "desc") if key == q.sort else "asc"
        sort[key] = _url(q, lang, sort=key, order=nxt, page=1)
    return {
        "sort": sort,
        "sort_label": SORT_LABELS.get(q.sort, q.sort),
        "previous": _url(q, lang, page=q.page - 1) if q.page > 1 else None,
        "next": _url(q, lang, page=q.page + 1) if q.page < data["pages"] else None,
        "pages": [
            {"page": p, "url": _url(q, lang, page=p), "current": p == q.page}
            for p in range(1, data["pages"] + 1)
        ],
        "drill": {
            r["municipality"]: _url(
                q,
                lang,
                view="domain",
                municipality=r["municipality"],
                sort="domain",
                order="asc",
                page=1,
            )
            for r in data["values"]
        },
        "all_municipalities": _url(
            q, lang, view="municipality", municipality=None, sort="score", order="asc", page=1
        ),
        "view": {v: _url(q, lang, view=v, sort="score", order="asc", page=1) for v in VIEWS},
    }


def filter_options(settings: Settings, lang: Lang) -> dict[str, Any]:
    """The choices of the data page's filter form."""
    ref = reference()
    domains = sorted({str(c.domain) for c in load_contracts(settings).values()})
    return {
        "regions": [
            {"code": r.code, "name": r.name if lang == "da" else r.name_en} for r in ref.regions
        ],
        "municipalities": sorted(
            ({"code": m.code, "name": m.name} for m in ref.municipalities),
            key=lambda m: danish_key(m["name"]),
        ),
        "domains": [{"domain": d, "title": translate(f"domain_{d}", lang)} for d in domains],
    }
