"""/api/v1/quality: data quality per municipality × domain (the data page's quality table)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from faelled.access import Actor
from faelled.engine import Database
from faelled.web.deps import current_actor, database
from faelled.web.i18n import Lang
from faelled.web.responses import json_response
from faelled.web.views.quality import SORT_KEYS, Order, quality_data

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get(
    "/quality",
    summary="Datakvalitet pr. kommune og domæne / data quality per municipality and domain",
)
def quality(
    actor: Annotated[Actor, Depends(current_actor)],
    db: Annotated[Database, Depends(database)],
    sort: str = Query("score", description="Sort by: " + ", ".join(SORT_KEYS)),
    order: Order = "desc",
    lang: Lang = "da",
) -> Response:
    return json_response(quality_data(actor, db, db.settings, lang, sort, order))
