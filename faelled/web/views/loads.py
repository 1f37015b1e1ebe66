"""Loads, their validation reports and their quarantine, as the data page and the API show them.

Counts are open (resource "loads"): how many rows a load brought, how many it set aside and by
which rule. What the rows were — the quarantined rows and the failing rows a report samples — is
row-level data and passes `faelled.access.samples` (the municipality's analysts and stewards, with
a purpose, audited). Who ran a load is shown to the municipality's own users and the operator."""

from __future__ import annotations

from typing import Any

from faelled.access import Actor, check
from faelled.access.samples import load_municipalities, may_read, read_quarantine, read_report
from faelled.engine import Database
from faelled.ingest.history import list_loads, quarantine_counts


def _who_may_see_runner(actor: Actor, load: dict[str, Any]) -> bool:
    if actor.role == "operator":
        return True
    return actor.municipality is not None and actor.municipality in load_municipalities(load)


def _public(actor: Actor, load: dict[str, Any]) -> dict[str, Any]:
    out = dict(load)
    if not _who_may_see_runner(actor, load):
        out["actor"] = None
    return out


def loads_data(
    actor: Actor,
    db: Database,
    *,
    dataset: str | None = None,
    municipality: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    check(actor, "read", "loads")
    rows = list_loads(db, dataset=dataset, municipality=municipality, limit=limit)
    values = [
        {**_public(actor, r), "samples_readable": may_read(actor, "samples", r)} for r in rows
    ]
    return {"values": values, "count": len(values)}


def load_data(
    actor: Actor, db: Database, load_id: str, *, purpose: str | None = None
) -> dict[str, Any]:
    """One load: lineage, quarantine counts per rule and the validation report — with sampled
    rows only for the municipality's analysts and stewards who state a purpose."""
    check(actor, "read", "loads")
    load, report, shown = read_report(db, actor, load_id, purpose=purpose)
    return {
        "load": _public(actor, load),
        "quarantine": [
            {"rule": c["rule"], "rows": c["rows"]} for c in quarantine_counts(db, load_id=load_id)
        ],
        "report": report.to_dict(),
        "samples_shown": shown,
        "samples_readable": may_read(actor, "samples", load),
    }


def quarantine_data(
    actor: Actor, db: Database, load_id: str, *, purpose: str | None, limit: int = 100
) -> dict[str, Any]:
    rows = read_quarantine(db, actor, load_id, purpose=purpose, limit=limit)
    return {"values": rows, "count": len(rows)}
