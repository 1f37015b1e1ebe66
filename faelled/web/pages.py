"""HTML pages: Jinja2 templates over the same data functions as the API (faelled.web.views).

Page → JSON twin: / → /api/v1/home · /kommune/{code} → /api/v1/municipalities/{code} ·
/noegletal/{id} → /api/v1/kpis/{id} · /kommune/{code}/sammenligning → /api/v1/benchmark/{code} ·
/metode/{domain} → /api/v1/method/{domain} · /katalog → /api/v1/catalogue ·
/data → /api/v1/datasets."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from faelled import __version__
from faelled.access import Actor
from faelled.benchmark.peers import DEFAULT_K
from faelled.engine import Database
from faelled.web import views
from faelled.web.deps import current_actor, database, snapshot
from faelled.web.i18n import LANGS, Lang, translate
from faelled.web.store import Snapshot
from faelled.web.views.benchmark import MAX_K, GroupKind, benchmark_data
from faelled.web.views.method import method_data
from faelled.web.views.quality import PAGE_SIZE, QualityQuery

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
ActorDep = Annotated[Actor, Depends(current_actor)]
SnapDep = Annotated[Snapshot, Depends(snapshot)]


def language(request: Request) -> Lang:
    asked = request.query_params.get("lang") or request.cookies.get("lang") or "da"
    return "en" if asked == "en" else "da"


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    from faelled.web.demo_build import banner
    from faelled.web.security import csrf_token_for, current_actor, ensure_csrf_cookie

    lang = language(request)
    other = "en" if lang == "da" else "da"
    params = {**request.query_params, "lang": other}
    csrf = csrf_token_for(request)  # every page may hold a form (sign out is in the header)
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "other_lang": other,
            # The toggle keeps the page and its query (the municipality, the period, …).
            "lang_url": f"{request.url.path}?{urlencode(params)}",
            "path": request.url.path,
            "t": lambda key: translate(key, lang),
            "version": __version__,
            "to_json": lambda obj: json.dumps(obj, ensure_ascii=False, default=str),
            "actor": current_actor(request),
            "csrf_token": csrf,
            "demo_build": banner(request),  # `faelled demo` still building: say how far
            **context,
        },
        status_code=status,
    )
    ensure_csrf_cookie(request, response)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("lang", lang, samesite="lax", httponly=True, max_age=365 * 86400)
    return response


def render_error(request: Request, status: int, message: str, hint: str | None) -> Response:
    return render(
        request, "error.html", {"status": status, "message": message, "hint": hint}, status
    )


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    actor: ActorDep,
    snap: SnapDep,
    farve: str = Query("region", pattern=views.COLOUR_BY),
) -> Response:
    return render(request, "home.html", views.home_data(farve, language(request), actor, snap))


@router.get("/kommune", response_class=HTMLResponse)
def pick(q: str = Query(..., min_length=1)) -> Response:
    """The home page's search box: resolve the name and go to its page (or show candidates)."""
    from faelled.reference import resolve

    return RedirectResponse(f"/kommune/{resolve(q)}", status_code=303)


@router.get("/kommune/{code}", response_class=HTMLResponse)
def municipality(request: Request, code: str, actor: ActorDep, snap: SnapDep) -> Response:
    data = views.municipality_data(code, language(request), actor, snap)
    return render(request, "municipality.html", {"m": data})


@router.get("/kommune/{code}/sammenligning", response_class=HTMLResponse)
def benchmark(
    request: Request,
    code: str,
    actor: ActorDep,
    snap: SnapDep,
    noegletal: str | None = None,
    periode: str | None = None,
    gruppe: GroupKind = "computed",
    k: int = Query(DEFAULT_K, ge=1, le=MAX_K),
) -> Response:
    data = benchmark_data(
        code, language(request), actor, snap, noegletal or None, periode or None, gruppe, k
    )
    return render(request, "benchmark.html", data)


@router.get("/metode/{domain}", response_class=HTMLResponse)
def method(request: Request, domain: str, actor: ActorDep, snap: SnapDep) -> Response:
    return render(request, "method.html", method_data(domain, language(request), actor, snap))


@router.get("/noegletal/{kpi_id}", response_class=HTMLResponse)
def kpi(
    request: Request,
    kpi_id: str,
    actor: ActorDep,
    snap: SnapDep,
    kommune: str | None = None,
    periode: str | None = None,
) -> Response:
    data = views.kpi_data(kpi_id, language(request), actor, snap, kommune or None, periode)
    return render(request, "kpi.html", data)


@router.get("/katalog", response_class=HTMLResponse)
def catalogue(
    request: Request, actor: ActorDep, snap: SnapDep, q: str = "", domain: str = ""
) -> Response:
    data = views.catalogue_data(actor, snap, language(request), q, domain or None)
    return render(request, "catalogue.html", data)


@router.get("/katalog/resultater", response_class=HTMLResponse)
def catalogue_results(
    request: Request, actor: ActorDep, snap: SnapDep, q: str = "", domain: str = ""
) -> Response:
    """The results list alone: htmx swaps it in as the user types."""
    data = views.catalogue_data(actor, snap, language(request), q, domain or None)
    return render(request, "_catalogue_results.html", data)


@router.get("/data", response_class=HTMLResponse)
def data(
    request: Request,
    actor: ActorDep,
    db: Annotated[Database, Depends(database)],
    sort: str = "score",
    order: Literal["asc", "desc"] = "asc",
    visning: Literal["kommuner", "domaener"] = "kommuner",
    region: str = "",
    kommune: str = "",
    domaene: str = "",
    side: int = Query(1, ge=1),
) -> Response:
    """The quality table a page at a time: per municipality (worst first) or, drilled down,
    per municipality × domain; filtered by region, municipality and domain."""
    query = QualityQuery(
        view="domain" if visning == "domaener" else "municipality",
        sort=sort,
        order=order,
        region=region or None,
        municipality=kommune or None,
        domain=domaene or None,
        page=side,
        per_page=PAGE_SIZE,
    )
    page = views.data_page(actor, db, db.settings, language(request), query)
    return render(request, "data.html", page)


@router.get("/favicon.ico")
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=301)


@cache
def _vega_bundle() -> bytes:
    import vl_convert

    # The stub marks `snippet` required; the function's default snippet is the one we want.
    bundle: Any = vl_convert.javascript_bundle
    return str(bundle()).encode()


@router.get("/static/vendor/vega.js")
def vega_bundle() -> Response:
    """Vega, Vega-Lite and vega-embed from the vl-convert package: no CDN, no network."""
    return Response(
        _vega_bundle(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )
