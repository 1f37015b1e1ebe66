"""/api/v1/loads: loads with their validation reports and quarantine counts (open), and their
quarantined and sampled rows (the municipality's analysts and stewards, with a purpose, audited;
see faelled.access.samples)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from faelled.access import Actor
from faelled.engine import Database
from faelled.reference import resolve
from faelled.web.deps import current_actor, database
from faelled.web.responses import json_response
from faelled.web.views.loads import load_data, loads_data, quarantine_data

router = APIRouter(prefix="/api/v1", tags=["api"])
ActorDep = Annotated[Actor, Depends(current_actor)]
DbDep = Annotated[Database, Depends(database)]
PURPOSE = "Formålet (audit-logges); kun kommunens analytikere og data-ansvarlige / why (audited)"


@router.get("/loads", summary="Indlæsninger / loads (counts, latest first)")
def loads(
    actor: ActorDep,
    db: DbDep,
    dataset: str | None = None,
    municipality: str | None = None,
    limit: int = Query(50, ge=1, le=1000),
) -> Response:
    code = resolve(municipality) if municipality else None
    return json_response(loads_data(actor, db, dataset=dataset, municipality=code, limit=limit))


@router.get(
    "/loads/{load_id}",
    summary="Én indlæsning med valideringsrapport / one load and its validation report",
)
def load(
    load_id: str,
    actor: ActorDep,
    db: DbDep,
    purpose: str | None = Query(None, max_length=500, description=PURPOSE),
) -> Response:
    return json_response(load_data(actor, db, load_id, purpose=purpose))


@router.get(
    "/loads/{load_id}/quarantine",
    summary="Rækker i karantæne (kun egen kommune) / quarantined rows",
)
def quarantine(
    load_id: str,
    actor: ActorDep,
    db: DbDep,
    purpose: str = Query(..., max_length=500, description=PURPOSE),
    limit: int = Query(100, ge=1, le=10_000),
) -> Response:
    return json_response(quarantine_data(actor, db, load_id, purpose=purpose, limit=limit))
