"""The open API's key figures: /api/v1/values — KPI × area × period, paged, as a change feed,
in every format. Every row passes the policy and suppression (faelled.web.serving)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from faelled.access import Actor
from faelled.catalog.kpis import KPI
from faelled.errors import InputError
from faelled.web.deps import current_actor, snapshot
from faelled.web.formats import Format
from faelled.web.i18n import Lang
from faelled.web.responses import MAX_PER_PAGE, Page, json_text, table_response
from faelled.web.serving import (
    AreaType,
    ValuesQuery,
    disclose,
    disclose_pairs,
    parse_areas,
    parse_list,
    parse_periods,
    public_row,
    select_values,
    values_table,
)
from faelled.web.store import Row, Snapshot

router = APIRouter(prefix="/api/v1", tags=["key figures"])


def parse_from_date(text: str | None) -> datetime | None:
    """A date (midnight UTC) or an ISO date-time (UTC unless it says otherwise)."""
    if not text:
        return None
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"Ugyldig from_date: {text!r}.",
            hint="Brug ÅÅÅÅ-MM-DD eller en ISO-tid, fx 2025-01-31 / 2025-01-31T12:00:00Z.",
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@router.get(
    "/values",
    summary="Nøgletal / KPI values by KPI × municipality × period",
    description=(
        "Give at least two of `kpi`, `municipality` and `period` (comma-separated lists), or a "
        "`from_date` (the change feed: values updated on or after it). `area_type` picks "
        "municipalities (default), regions, kommunegrupper or the country; `municipality` then "
        "names areas of that type. Suppressed values are null with `suppressed: true` in every "
        "format (status `..` in JSON-stat). Paged: `page`, `per_page` ≤ 5000, `next_url`."
    ),
)
async def values(
    request: Request,
    actor: Annotated[Actor, Depends(current_actor)],
    snap: Annotated[Snapshot, Depends(snapshot)],
    kpi: str | None = None,
    municipality: str | None = None,
    period: str | None = None,
    area_type: AreaType = "municipality",
    breakdown: str | None = Query(None, description='"total", or e.g. "sex=K"; default: all'),
    from_date: str | None = Query(None, description="YYYY-MM-DD or an ISO date-time"),
    page: int = Query(1, ge=1),
    per_page: int = Query(1000, ge=1, le=MAX_PER_PAGE),
    format: Format = "json",
    sep: Literal[";", ","] = ";",
    lang: Lang = "da",
) -> Response:
    given = sum(x is not None for x in (kpi, municipality, period))
    since = parse_from_date(from_date)
    if given < 2 and since is None:
        raise InputError(
            "Angiv mindst to af kpi, municipality og period / give at least two of kpi, "
            "municipality and period.",
            hint="Fx /api/v1/values?kpi=ID&period=2023 — eller brug from_date for ændringer.",
        )
    q = ValuesQuery(
        kpis=parse_list(kpi),
        areas=parse_areas(municipality, area_type) if municipality is not None else None,
        periods=parse_periods(period) if period is not None else None,
        area_type=area_type,
        breakdown=breakdown,
        from_date=since,
    )
    pairs = select_values(actor, snap, q)
    paging = Page(page, per_page, len(pairs))
    pairs = pairs[paging.start : paging.stop]
    links = paging.links(request)
    if format == "json":
        return _json_page(actor, snap, pairs, lang, paging, links)
    rows = [public_row(r, lang) for r in disclose_pairs(actor, snap, pairs)]
    table = values_table(rows, snap.kpis, lang)
    name = "faelled-" + "-".join(q.kpis or ["values"])[:60]
    return table_response(table, format, sep=sep, filename=name, links=links)


def _json_page(
    actor: Actor,
    snap: Snapshot,
    pairs: list[tuple[KPI, Row]],
    lang: Lang,
    paging: Page,
    links: dict[str, str | None],
) -> Response:
    """The JSON page, written from each row's encoded public form (cached per generation for
    the public, whose policy and suppression answers cannot change within one)."""
    public = actor == Actor.public()
    encoded = []
    for kpi, raw in pairs:
        key = (lang, id(raw))
        text = snap.public_json.get(key) if public else None
        if text is None:
            text = json_text(public_row(disclose(actor, snap, kpi, [raw])[0], lang))
            if public:
                snap.public_json[key] = text
        encoded.append(text)
    tail = json_text(
        {
            "count": len(encoded),
            "total": paging.total,
            "page": paging.page,
            "per_page": paging.per_page,
            **links,
        }
    )
    body = '{"values":[' + ",".join(encoded) + "]," + tail[1:]
    return Response(body.encode(), media_type="application/json")
