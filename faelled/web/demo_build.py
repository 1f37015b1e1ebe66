"""The demo build's progress on every page (DESIGN decision 4): `faelled demo` serves at once
and builds the commons as a job in the server. While it runs, a banner in base.html says how far
it is; it polls a small fragment (htmx, no inline script: the CSP forbids it) and, when the build
is done, asks the browser to reload so the page shows the data. A failed build stays on the page
with its message until the server stops. The status is public: it holds no data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from faelled.demo.job import status
from faelled.jobs import Job
from faelled.web.demo_texts import DEMO_TEXTS

__all__ = ["DEMO_TEXTS", "banner", "router"]

router = APIRouter(include_in_schema=True)


def demo_job(request: Request) -> Job | None:
    job: Job | None = getattr(request.app.state, "demo", None)
    return job


def banner(request: Request) -> dict[str, Any] | None:
    """The banner's content for base.html: none when there is no build or it is done."""
    data = status(demo_job(request))
    return data if data["status"] in ("queued", "running", "failed") else None


@router.get("/api/v1/demo", summary="Demo-bygning / the demo build's progress", tags=["system"])
def demo_status(request: Request) -> dict[str, Any]:
    """`none` when the server was started without `faelled demo`; otherwise queued, running,
    done or failed, with the step and a percentage."""
    return status(demo_job(request))


@router.get("/demo/status", response_class=HTMLResponse, include_in_schema=False)
def demo_fragment(request: Request) -> Response:
    from faelled.web.i18n import translate
    from faelled.web.pages import TEMPLATES, language

    data = banner(request)
    if data is None:
        # Done (or no build): the whole page reloads to show the data, and the banner is gone.
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    lang = language(request)
    return TEMPLATES.TemplateResponse(
        request,
        "_demo_build.html",
        {"demo_build": data, "lang": lang, "t": lambda key: translate(key, lang)},
    )
