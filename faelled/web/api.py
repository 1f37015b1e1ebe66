"""The open API, /api/v1: JSON twins of the pages and the reference data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from faelled.reference import boundaries
from faelled.web import views
from faelled.web.i18n import Lang

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/municipalities", summary="De 98 kommuner / the 98 municipalities")
def municipalities() -> dict[str, Any]:
    return views.municipalities_data()


@router.get("/municipalities/{code}", summary="Én kommune / one municipality")
def municipality(code: str, lang: Lang = "da") -> dict[str, Any]:
    return views.municipality_data(code, lang)


@router.get("/regions", summary="De 5 regioner / the 5 regions")
def regions(lang: Lang = "da") -> dict[str, Any]:
    return views.regions_data(lang)


@router.get("/groups", summary="Kommunegrupper / Statistics Denmark's municipality groups")
def groups(lang: Lang = "da") -> dict[str, Any]:
    return views.groups_data(lang)


@router.get("/home", summary="The home page's data")
def home(
    colour_by: views.ColourBy = Query("region", alias="farve"), lang: Lang = "da"
) -> dict[str, Any]:
    return views.home_data(colour_by, lang)


_BOUNDARIES: bytes | None = None


@router.get("/boundaries", summary="Kommunegrænser (GeoJSON) / municipal boundaries")
def boundaries_geojson() -> Response:
    import json

    global _BOUNDARIES
    if _BOUNDARIES is None:
        _BOUNDARIES = json.dumps(boundaries(), separators=(",", ":")).encode()
    return Response(
        _BOUNDARIES,
        media_type="application/geo+json",
        headers={"Cache-Control": "public, max-age=86400"},
    )
