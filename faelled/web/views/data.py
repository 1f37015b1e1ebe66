"""The data page: the datasets Fælled knows (their contracts) and what has been loaded into each
— loads with their validation outcome and quarantine counts — from the ingest tables when they
exist, and the quality each municipality's deliveries have per domain (views/quality.py). A fresh
installation has contracts and no loads yet, and says so."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from faelled.access import Actor, check
from faelled.catalog.contracts import load_contracts
from faelled.engine import Database
from faelled.settings import Settings
from faelled.web.i18n import Lang, translate
from faelled.web.views.gaps import delivery_gaps
from faelled.web.views.loads import loads_data
from faelled.web.views.quality import (
    PAGE_SIZE,
    QualityQuery,
    filter_options,
    page_links,
    quality_data,
)

LOADS_TABLE = "loads"
RECENT_LOADS = 20
GAPS_SHOWN = 200  # rows of the gaps table; the rest are counted


def _loads(db: Database) -> dict[str, dict[str, Any]] | None:
    """Per dataset: loads by status, rows, quarantined rows, the last load. None when no load
    table exists yet (ingest's `loads`: rows_accepted, rows_quarantined, finished_at)."""
    if not db.has_table(LOADS_TABLE):
        return None
    t = db.table(LOADS_TABLE)
    if "dataset" not in t.columns:
        return None
    wanted = [
        c
        for c in ("dataset", "status", "rows_accepted", "rows_quarantined", "finished_at")
        if c in t.columns
    ]
    out: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "loads": 0,
            "by_status": defaultdict(int),
            "rows": 0,
            "quarantined": 0,
            "last": None,
        }
    )
    for r in t.select(*wanted).to_pyarrow().to_pylist():
        s = out[r["dataset"]]
        s["loads"] += 1
        s["by_status"][r.get("status") or "?"] += 1
        s["rows"] += int(r.get("rows_accepted") or 0)
        s["quarantined"] += int(r.get("rows_quarantined") or 0)
        last = r.get("finished_at")
        if last is not None and (s["last"] is None or last > s["last"]):
            s["last"] = last
    return {
        name: {
            **s,
            "by_status": dict(s["by_status"]),
            "last": s["last"].isoformat() if s["last"] else None,
        }
        for name, s in out.items()
    }


def data_page(
    actor: Actor,
    db: Database,
    settings: Settings,
    lang: Lang,
    query: QualityQuery | None = None,
) -> dict[str, Any]:
    """The page's data; `query` picks the quality rows (default: one row per municipality,
    worst first, a page at a time)."""
    check(actor, "read", "datasets")
    loads = _loads(db)
    datasets = []
    for name, c in sorted(load_contracts(settings).items()):
        datasets.append(
            {
                "name": name,
                "title": c.title.get(lang),
                "description": c.description.get(lang),
                "domain": str(c.domain),
                "domain_title": translate(f"domain_{c.domain}", lang),
                "version": c.version,
                "columns": [
                    {
                        "name": col.name,
                        "type": str(col.type),
                        "description": col.description.get(lang),
                        "personal_data": str(col.personal_data),
                        "required": col.required,
                    }
                    for col in c.columns
                ],
                "keys": c.keys,
                "rules": len(c.rules),
                "retention_years": c.retention_years,
                "has_table": db.has_table(name),
                "loads": (loads or {}).get(name),
            }
        )
    gaps = delivery_gaps(db, settings, lang)
    query = query or QualityQuery("municipality", "score", "asc", per_page=PAGE_SIZE)
    quality = quality_data(actor, db, settings, lang, query=query)
    # The ingest migration creates the (empty) ledger up front: no rows means no loads yet.
    return {
        "datasets": datasets,
        "count": len(datasets),
        "loads_available": bool(loads),
        # Counts only: sampled and quarantined rows are read per load through the policy.
        "recent_loads": loads_data(actor, db, limit=RECENT_LOADS)["values"],
        "quality": quality,
        "quality_links": page_links(quality, lang),
        "quality_options": filter_options(settings, lang),
        # Why a figure can be blank: the periods a municipality has not delivered.
        "gaps": gaps[:GAPS_SHOWN],
        "gaps_more": max(0, len(gaps) - GAPS_SHOWN),
    }
