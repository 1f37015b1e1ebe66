"""/api/v1/quality: data quality per municipality × domain (the data page's quality table)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from faelled.access import Actor
from faelled.engine import Database
from faelled.web.deps import current_actor, database
from faelled.web.i18n import Lang
from faelled.web.responses import MAX_PER_PAGE, json_response
from faelled.web.views.quality import SORT_KEYS, Order, QualityQuery, View, quality_data

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get(
    "/quality",
    summary="Datakvalitet pr. kommune og domæne / data quality per municipality and domain",
    description=(
        "`view=domain` (default): one row per municipality × domain; `view=municipality`: one "
        "row per municipality (means over all its datasets, and its weakest domain). Filters "
        "`region` (code, e.g. 1081), `municipality` (code) and `domain` keep datasets before "
        "averaging. Without `per_page` every row comes at once; with it, `page` and "
        "`next_url`. `heatmap` always covers every filtered municipality."
    ),
)
def quality(
    request: Request,
    actor: Annotated[Actor, Depends(current_actor)],
    db: Annotated[Database, Depends(database)],
    sort: str = Query(
        "score",
        description="municipality view: "
        + ", ".join(SORT_KEYS["municipality"])
        + "; domain view: "
        + ", ".join(SORT_KEYS["domain"]),
    ),
    order: Order = "desc",
    view: View = "domain",
    region: str | None = None,
    municipality: str | None = None,
    domain: str | None = None,
    page: int = Query(1, ge=1),
    per_page: int | None = Query(None, ge=1, le=MAX_PER_PAGE),
    lang: Lang = "da",
) -> Response:
    query = QualityQuery(view, sort, order, region, municipality, domain, page, per_page)
    data = quality_data(actor, db, db.settings, lang, query=query)
    if per_page is not None:
        url = request.url
        data["next_url"] = (
            str(url.include_query_params(page=page + 1)) if page < data["pages"] else None
        )
        data["previous_url"] = str(url.include_query_params(page=page - 1)) if page > 1 else None
    return json_response(data)
