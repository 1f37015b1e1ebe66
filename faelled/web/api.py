"""The open API, /api/v1: the reference data and the JSON twins of the pages. The key figures
themselves are in faelled/web/api_values.py; the Kolada-compatible mount in web/kolada.py."""

from __future__ import annotations

import json
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from faelled.access import Actor
from faelled.engine import Database
from faelled.reference import boundaries
from faelled.web import views
from faelled.web.deps import current_actor, database, snapshot
from faelled.web.i18n import Lang
from faelled.web.responses import json_response
from faelled.web.serving import readable_kpis
from faelled.web.store import Snapshot
from faelled.web.views.catalogue import catalogue
from faelled.web.views.figures import kpi_summary

router = APIRouter(prefix="/api/v1", tags=["api"])
ActorDep = Annotated[Actor, Depends(current_actor)]
SnapDep = Annotated[Snapshot, Depends(snapshot)]


@router.get("/municipalities", summary="De 98 kommuner / the 98 municipalities")
def municipalities() -> dict[str, Any]:
    return views.municipalities_data()


@router.get(
    "/municipalities/{code}",
    summary="Én kommune med nøgletal / one municipality with its key figures (the profile page)",
)
def municipality(code: str, actor: ActorDep, snap: SnapDep, lang: Lang = "da") -> Response:
    return json_response(views.municipality_data(code, lang, actor, snap))


@router.get("/regions", summary="De 5 regioner / the 5 regions")
def regions(lang: Lang = "da") -> dict[str, Any]:
    return views.regions_data(lang)


@router.get("/groups", summary="Kommunegrupper / Statistics Denmark's municipality groups")
def groups(lang: Lang = "da") -> dict[str, Any]:
    return views.groups_data(lang)


@router.get("/home", summary="Forsidens data / the home page's data")
def home(
    actor: ActorDep,
    snap: SnapDep,
    colour_by: str = Query("region", alias="farve", pattern=views.COLOUR_BY),
    lang: Lang = "da",
) -> Response:
    return json_response(views.home_data(colour_by, lang, actor, snap))


@router.get("/kpis", summary="Nøgletal / key figures (search by title)")
def kpis(
    actor: ActorDep,
    snap: SnapDep,
    q: str = Query("", description="Words of the title (prefixes)"),
    domain: str | None = None,
    lang: Lang = "da",
) -> Response:
    readable = readable_kpis(actor, snap)
    cat = catalogue(actor, snap, lang)
    found = cat.search(q, domain=domain, limit=len(cat))
    values = [
        {**kpi_summary(readable[e.id], lang), "has_values": snap.has_values(e.id)}
        for e in found
        if e.source == "faelled" and e.id in readable
    ]
    return json_response({"values": values, "count": len(values)})


@router.get("/kpis/{kpi_id}", summary="Ét nøgletal / one key figure (the KPI page's data)")
def kpi(
    kpi_id: str,
    actor: ActorDep,
    snap: SnapDep,
    kommune: str | None = Query(None, description="Municipality to compare (name or code)"),
    periode: str | None = Query(None, description="Period (default: the latest)"),
    lang: Lang = "da",
) -> Response:
    return json_response(views.kpi_data(kpi_id, lang, actor, snap, kommune, periode))


@router.get("/catalogue", summary="Katalog / search every known key figure (incl. Kolada's)")
def catalogue_search(
    actor: ActorDep,
    snap: SnapDep,
    q: str = "",
    domain: str | None = None,
    limit: int = Query(50, ge=1, le=200),
    lang: Lang = "da",
) -> Response:
    return json_response(views.catalogue_data(actor, snap, lang, q, domain, limit))


@router.get("/datasets", summary="Datasæt og indlæsninger / datasets, contracts and loads")
def datasets(
    actor: ActorDep, db: Annotated[Database, Depends(database)], lang: Lang = "da"
) -> Response:
    return json_response(views.data_page(actor, db, db.settings, lang))


@cache
def _boundaries() -> bytes:
    return json.dumps(boundaries(), separators=(",", ":")).encode()


@router.get("/boundaries", summary="Kommunegrænser (GeoJSON) / municipal boundaries")
def boundaries_geojson() -> Response:
    return Response(
        _boundaries(),
        media_type="application/geo+json",
        headers={"Cache-Control": "public, max-age=86400"},
    )
