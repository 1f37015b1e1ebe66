"""Data quality per municipality × domain — "data as a commons": who contributes good data.

From ingest's `quality_scores` (completeness, validity, uniqueness, timeliness per dataset ×
municipality × load), the latest load of each dataset × municipality, averaged over the datasets
of each domain (a contract names its domain). The overall score is the mean of the datasets'
own scores. Quality scores describe deliveries, not people: they are open to everyone (resource
"quality"), like the load counts beside them."""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean
from typing import Any, Literal

from faelled.access import Actor, check
from faelled.catalog.contracts import load_contracts
from faelled.engine import Database
from faelled.errors import InputError
from faelled.ingest.history import quality
from faelled.reference import reference
from faelled.settings import Settings
from faelled.web.i18n import Lang, translate

MEASURES = ("completeness", "validity", "uniqueness", "timeliness")
SORT_KEYS = ("municipality", "domain", "datasets", *MEASURES, "score")
Order = Literal["asc", "desc"]
# Heat-map bands: a cell's class says how good the score is (CSS colours them; no inline style,
# which the Content-Security-Policy forbids).
BANDS = ((0.98, "q4"), (0.95, "q3"), (0.9, "q2"), (0.8, "q1"))


def band(score: float | None) -> str:
    if score is None:
        return "qn"
    return next((name for floor, name in BANDS if score >= floor), "q0")


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(fmean(present), 4) if present else None


def quality_rows(db: Database, settings: Settings, lang: Lang) -> list[dict[str, Any]]:
    """One row per municipality × domain with the mean of each measure over its datasets."""
    contracts = load_contracts(settings)
    names = {m.code: m.name for m in reference().municipalities}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in quality(db):
        contract = contracts.get(r["dataset"])
        if contract is None or not r["municipality"]:
            continue  # a dataset whose contract is gone: nothing to say which domain it was
        groups[(r["municipality"], str(contract.domain))].append(r)
    out = []
    for (m, domain), rows in groups.items():
        out.append(
            {
                "municipality": m,
                "municipality_name": names.get(m, m),
                "domain": domain,
                "domain_title": translate(f"domain_{domain}", lang),
                "datasets": len(rows),
                **{k: _mean([r[k] for r in rows]) for k in MEASURES},
                "score": _mean([r["score"] for r in rows]),
                "computed_at": max(r["computed_at"] for r in rows),
            }
        )
    return out


def _sorted(rows: list[dict[str, Any]], key: str, order: Order) -> list[dict[str, Any]]:
    if key not in SORT_KEYS:
        raise InputError(
            f"Ukendt sortering / unknown sort key: {key!r}.",
            hint="Sorter efter / sort by: " + ", ".join(SORT_KEYS),
        )
    text = key in ("municipality", "domain")
    field = {"municipality": "municipality_name", "domain": "domain_title"}.get(key, key)
    present = [r for r in rows if r[field] is not None]
    missing = [r for r in rows if r[field] is None]  # unknown scores last, whatever the order
    present.sort(
        key=lambda r: (r[field] if text else float(r[field]), r["municipality_name"]),
        reverse=order == "desc",
    )
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
            for (name, code), scores in sorted(by_m.items())
        ],
    }


def quality_data(
    actor: Actor,
    db: Database,
    settings: Settings,
    lang: Lang,
    sort: str = "score",
    order: Order = "desc",
) -> dict[str, Any]:
    check(actor, "read", "quality")
    rows = _sorted(quality_rows(db, settings, lang), sort, order)
    return {
        "values": rows,
        "count": len(rows),
        "sort": sort,
        "order": order,
        "measures": list(MEASURES),
        "heatmap": heatmap(rows),
    }
