"""HTML pages: Jinja2 templates over the same data functions as the API."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from faelled import __version__
from faelled.web import views
from faelled.web.i18n import LANGS, Lang, translate

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)


def language(request: Request) -> Lang:
    asked = request.query_params.get("lang") or request.cookies.get("lang") or "da"
    return "en" if asked == "en" else "da"


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    lang = language(request)
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "other_lang": "en" if lang == "da" else "da",
            "t": lambda key: translate(key, lang),
            "version": __version__,
            "to_json": lambda obj: json.dumps(obj, ensure_ascii=False),
            **context,
        },
        status_code=status,
    )
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("lang", lang, samesite="lax", httponly=True, max_age=365 * 86400)
    return response


def render_error(request: Request, status: int, message: str, hint: str | None) -> Response:
    return render(
        request, "error.html", {"status": status, "message": message, "hint": hint}, status
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request, farve: views.ColourBy = Query("region")) -> Response:
    return render(request, "home.html", views.home_data(farve, language(request)))


@router.get("/kommune", response_class=HTMLResponse)
def pick(q: str = Query(..., min_length=1)) -> Response:
    """The home page's search box: resolve the name and go to its page (or show candidates)."""
    from faelled.reference import resolve

    return RedirectResponse(f"/kommune/{resolve(q)}", status_code=303)


@router.get("/kommune/{code}", response_class=HTMLResponse)
def municipality(request: Request, code: str) -> Response:
    return render(
        request, "municipality.html", {"m": views.municipality_data(code, language(request))}
    )


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
