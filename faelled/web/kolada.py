"""A Kolada-compatible mount, /kolada/v3: Fælled's key figures answered the way Kolada's v3 API
answers, so the clients analysts already use (rKolada, the Python and MCP clients) work against
a Fælled installation by changing the base URL.

Shapes: every response is {"count": N, "values": [...]} with `next_url`/`previous_url` when there
are more pages (and `next_page`/`previous_page`, the same links under the names older clients
follow); `per_page` (≤ 5000, the default) and `page`. A data value is
{"kpi", "municipality", "period", "values": [{"gender", "count", "status", "value", "isdeleted"}]}
with gender T (total), K (women) and M (men) from Fælled's `sex` breakdown.

Ids: Kolada identifies municipalities by 4-digit strings, so Fælled answers with its 4-digit
`code4` ("0101" København, "0851" Aalborg) and accepts the 3-digit codes too; the regions keep
their 4-digit codes (1081–1085, type "L"), the country is "0000", and the five kommunegrupper are
municipality groups "G1"–"G5" whose values are unweighted means of the members with their count,
as Kolada's group values are. Suppressed values are null with status "suppressed". Every value
passes the same policy and suppression as /api/v1 (faelled.web.serving)."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from faelled.access import Actor
from faelled.catalog.kpis import KPI
from faelled.reference import reference
from faelled.web.deps import current_actor, snapshot
from faelled.web.i18n import translate
from faelled.web.responses import MAX_PER_PAGE, Page, json_response
from faelled.web.serving import (
    COUNTRY,
    AreaType,
    ValuesQuery,
    disclose,
    readable_kpis,
    select_values,
)
from faelled.web.store import Row, Snapshot

router = APIRouter(prefix="/kolada/v3", tags=["Kolada v3 compatibility"])
ActorDep = Annotated[Actor, Depends(current_actor)]
SnapDep = Annotated[Snapshot, Depends(snapshot)]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]
PageNo = Annotated[int, Query(ge=1)]

KOLADA_COUNTRY = "0000"
GENDERS = {"": "T", "sex=K": "K", "sex=M": "M"}


# ---- ids ----------------------------------------------------------------------------------------


def kolada_id(area_type: str, area: str) -> str:
    if area_type == "municipality":
        return reference().municipality(area).code4
    if area_type == "kommunegruppe":
        return f"G{area}"
    if area_type == "country":
        return KOLADA_COUNTRY
    return area  # regions: already 4 digits


def faelled_area(kolada: str) -> tuple[AreaType, str] | None:
    """A Kolada municipality id → Fælled's (area_type, area); None if unknown."""
    text = kolada.strip()
    if text == KOLADA_COUNTRY:
        return ("country", COUNTRY)
    if text.upper().startswith("G") and text[1:] in {g.code for g in reference().kommunegrupper}:
        return ("kommunegruppe", text[1:])
    if text in {r.code for r in reference().regions}:
        return ("region", text)
    if text.isascii() and text.isdigit():  # "²" is a digit to isdigit, not to int()
        code = str(int(text))
        if code in {m.code for m in reference().municipalities}:
            return ("municipality", code)
    return None


def _ids(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


# ---- the envelope -------------------------------------------------------------------------------


def envelope(request: Request, values: list[Any], page: int, per_page: int) -> Response:
    paging = Page(page, per_page, len(values))
    body: dict[str, Any] = {"count": 0, "values": values[paging.start : paging.stop]}
    body["count"] = len(body["values"])
    for name, url in paging.links(request).items():
        if url:
            body[name] = url
            body[name.replace("_url", "_page")] = url
    return json_response(body)


# ---- metadata -----------------------------------------------------------------------------------


def kpi_object(kpi: KPI, snap: Snapshot) -> dict[str, Any]:
    periods = snap.periods.get(kpi.id, [])
    return {
        "id": kpi.id,
        "title": kpi.title.da,
        "description": kpi.description.da,
        "is_divided_by_gender": "sex" in kpi.breakdowns,
        "municipality_type": "K",
        "auspice": None,
        "operating_area": translate(f"domain_{kpi.domain}", "da"),
        "perspective": None,
        "prel_publication_date": None,
        "publication_date": kpi.publication_date.isoformat() if kpi.publication_date else None,
        "publ_period": str(periods[-1]) if periods else None,
        "has_ou_data": False,
        "unit": translate(f"unit_{kpi.unit}", "da"),
    }


def _title_filter(items: list[dict[str, Any]], title: str | None) -> list[dict[str, Any]]:
    if not title:
        return items
    needle = title.lower()
    return [i for i in items if needle in str(i["title"]).lower()]


@router.get("/kpi", summary="Nøgletal (Kolada /kpi)")
def kpis(
    request: Request,
    actor: ActorDep,
    snap: SnapDep,
    title: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = MAX_PER_PAGE,
) -> Response:
    items = [kpi_object(k, snap) for k in readable_kpis(actor, snap).values()]
    return envelope(request, _title_filter(items, title), page, per_page)


@router.get("/kpi/{ids}", summary="Nøgletal efter id (Kolada /kpi/{id,id})")
def kpis_by_id(
    request: Request,
    ids: str,
    actor: ActorDep,
    snap: SnapDep,
    page: PageNo = 1,
    per_page: PerPage = MAX_PER_PAGE,
) -> Response:
    readable = readable_kpis(actor, snap)
    items = [kpi_object(readable[i], snap) for i in _ids(ids) if i in readable]
    return envelope(request, items, page, per_page)


def _areas() -> list[dict[str, Any]]:
    ref = reference()
    return [
        {"id": KOLADA_COUNTRY, "title": "Hele landet", "type": "L"},
        *({"id": r.code, "title": r.name, "type": "L"} for r in ref.regions),
        *({"id": m.code4, "title": m.name, "type": "K"} for m in ref.municipalities),
    ]


@router.get("/municipality", summary="Kommuner og regioner (Kolada /municipality)")
def municipalities(
    request: Request,
    title: str | None = None,
    type: str | None = Query(None, description="K (municipality) or L (region, country)"),
    page: PageNo = 1,
    per_page: PerPage = MAX_PER_PAGE,
) -> Response:
    items = [a for a in _areas() if type is None or a["type"] == type.upper()]
    return envelope(request, _title_filter(items, title), page, per_page)


@router.get("/municipality/{ids}", summary="Kommuner efter id (Kolada /municipality/{id,id})")
def municipalities_by_id(
    request: Request, ids: str, page: PageNo = 1, per_page: PerPage = MAX_PER_PAGE
) -> Response:
    by_id = {a["id"]: a for a in _areas()}
    wanted = []
    for i in _ids(ids):
        area = faelled_area(i)
        key = kolada_id(*area) if area else None
        if key in by_id:
            wanted.append(by_id[key])
    return envelope(request, wanted, page, per_page)


def _groups() -> list[dict[str, Any]]:
    ref = reference()
    return [
        {
            "id": f"G{g.code}",
            "title": f"{g.name} (kommunegruppe, ovægtet gennemsnit)",
            "members": [
                {"id": m.code4, "title": m.name}
                for m in ref.municipalities
                if m.kommunegruppe_code == g.code
            ],
        }
        for g in ref.kommunegrupper
    ]


@router.get("/municipality_groups", summary="Kommunegrupper (Kolada /municipality_groups)")
def groups(
    request: Request,
    title: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = MAX_PER_PAGE,
) -> Response:
    return envelope(request, _title_filter(_groups(), title), page, per_page)


@router.get("/municipality_groups/{ids}", summary="Kommunegrupper efter id")
def groups_by_id(
    request: Request, ids: str, page: PageNo = 1, per_page: PerPage = MAX_PER_PAGE
) -> Response:
    wanted = set(_ids(ids))
    return envelope(request, [g for g in _groups() if g["id"] in wanted], page, per_page)


# ---- data ---------------------------------------------------------------------------------------


def _data(
    actor: Actor,
    snap: Snapshot,
    kpi_ids: str | None,
    municipality_ids: str | None,
    years: str | None,
    from_date: str | None,
) -> list[dict[str, Any]]:
    from faelled.web.api_values import parse_from_date

    readable = readable_kpis(actor, snap)
    kpis = [k for k in _ids(kpi_ids) if k in readable] if kpi_ids is not None else None
    if kpis == []:
        return []
    periods = _ids(years) if years is not None else None
    since = parse_from_date(from_date)
    # Areas by type: the ones named, else every municipality, region and the country.
    by_type: dict[AreaType, list[str] | None] = {}
    if municipality_ids is not None:
        for kid in _ids(municipality_ids):
            area = faelled_area(kid)
            if area is not None:
                listed = by_type.setdefault(area[0], [])
                assert listed is not None
                listed.append(area[1])
    else:
        by_type = {"municipality": None, "region": None, "country": None}
    grouped: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    order: list[tuple[str, str, str]] = []
    for area_type, areas in by_type.items():
        q = ValuesQuery(
            kpis=kpis, areas=areas, periods=periods, area_type=area_type, from_date=since
        )
        for kpi, raw in select_values(actor, snap, q):
            if raw["breakdown"] not in GENDERS:
                continue
            (row,) = disclose(actor, snap, kpi, [raw])
            key = (kpi.id, kolada_id(area_type, raw["area"]), str(raw["period"]))
            if key not in grouped:
                order.append(key)
            grouped[key].append(row)
    out = []
    for key in sorted(order):
        rows = sorted(grouped[key], key=lambda r: "TKM".index(GENDERS[_raw(r["breakdown"])]))
        out.append(
            {
                "kpi": key[0],
                "municipality": key[1],
                # Kolada periods are years (numbers); a school year stays a label.
                "period": int(key[2]) if key[2].isascii() and key[2].isdigit() else key[2],
                "values": [_value(r) for r in rows],
            }
        )
    return out


def _raw(breakdown: str) -> str:
    return "" if breakdown == "total" else breakdown


def _value(row: Row) -> dict[str, Any]:
    group = row["area_type"] == "kommunegruppe"
    return {
        "gender": GENDERS[_raw(row["breakdown"])],
        "count": int(row["members"] or 1) if group else 1,
        "status": "suppressed" if row["suppressed"] else "",
        # Kolada's group values are unweighted means of the members; Fælled has both.
        "value": row["value_unweighted"] if group else row["value"],
        "isdeleted": False,
    }


def _data_route(
    request: Request,
    actor: Actor,
    snap: Snapshot,
    kpi: str | None,
    municipality: str | None,
    year: str | None,
    from_date: str | None,
    page: int,
    per_page: int,
) -> Response:
    values = _data(actor, snap, kpi, municipality, year, from_date)
    return envelope(request, values, page, per_page)


@router.get("/data/kpi/{kpi}/municipality/{municipality}/year/{year}", summary="Data")
def data_kpi_municipality_year(
    request: Request,
    kpi: str,
    municipality: str,
    year: str,
    actor: ActorDep,
    snap: SnapDep,
    from_date: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = MAX_PER_PAGE,
) -> Response:
    return _data_route(request, actor, snap, kpi, municipality, year, from_date, page, per_page)


@router.get("/data/kpi/{kpi}/municipality/{municipality}", summary="Data")
def data_kpi_municipality(
    request: Request,
    kpi: str,
    municipality: str,
    actor: ActorDep,
    snap: SnapDep,
    from_date: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = MAX_PER_PAGE,
) -> Response:
    return _data_route(request, actor, snap, kpi, municipality, None, from_date, page, per_page)


@router.get("/data/kpi/{kpi}/year/{year}", summary="Data")
def data_kpi_year(
    request: Request,
    kpi: str,
    year: str,
    actor: ActorDep,
    snap: SnapDep,
    from_date: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = MAX_PER_PAGE,
) -> Response:
    return _data_route(request, actor, snap, kpi, None, year, from_date, page, per_page)


@router.get("/data/municipality/{municipality}/year/{year}", summary="Data")
def data_municipality_year(
    request: Request,
    municipality: str,
    year: str,
    actor: ActorDep,
    snap: SnapDep,
    from_date: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = MAX_PER_PAGE,
) -> Response:
    return _data_route(request, actor, snap, None, municipality, year, from_date, page, per_page)


@router.get("/data/municipality/{municipality}/kpi/{kpi}", summary="Data")
def data_municipality_kpi(
    request: Request,
    municipality: str,
    kpi: str,
    actor: ActorDep,
    snap: SnapDep,
    from_date: str | None = None,
    page: PageNo = 1,
    per_page: PerPage = MAX_PER_PAGE,
) -> Response:
    return _data_route(request, actor, snap, kpi, municipality, None, from_date, page, per_page)
