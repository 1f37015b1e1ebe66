"""The catalogue: search thousands of key figures by title and domain — Fælled's own (computed
here, with a page each) and those imported from other catalogues such as Kolada's 6,099."""

from __future__ import annotations

from typing import Any

from faelled.access import Actor
from faelled.kpi.catalogue import Catalogue, faelled_entries
from faelled.web.i18n import TEXTS, Lang, translate
from faelled.web.serving import readable_kpis
from faelled.web.store import Snapshot

MAX_RESULTS = 200


def catalogue(actor: Actor, snap: Snapshot, lang: Lang) -> Catalogue:
    kpis = readable_kpis(actor, snap)
    key = f"{lang}:{','.join(kpis)}"
    return snap.catalogue(
        key, lambda: Catalogue([*faelled_entries(kpis.values(), lang), *snap.external])
    )


def catalogue_data(
    actor: Actor,
    snap: Snapshot,
    lang: Lang,
    q: str = "",
    domain: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    cat = catalogue(actor, snap, lang)
    limit = max(1, min(limit, MAX_RESULTS))
    found = cat.search(q, domain=domain or None, limit=limit + 1)
    domains = sorted({e.domain for e in cat.entries.values() if e.domain})
    return {
        "query": q,
        "domain": domain or "",
        "domains": [
            {"id": d, "title": translate(f"domain_{d}", lang) if f"domain_{d}" in TEXTS else d}
            for d in domains
        ],
        "total_entries": len(cat),
        "count": min(len(found), limit),
        "more": len(found) > limit,
        "values": [
            {
                **e.as_dict(),
                "url": f"/noegletal/{e.id}" if e.computable else None,
                "has_values": e.computable and snap.has_values(e.id),
            }
            for e in found[:limit]
        ],
    }
