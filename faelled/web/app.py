"""The web application: pages, the open API and static files, over one settings object."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from faelled import __version__
from faelled.settings import Settings, get_settings
from faelled.web import api, errors, pages


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPIOffline(
        title="Fælled API",
        version=__version__,
        description="Åbne, diskretionerede nøgletal for Danmarks kommuner / "
        "open, suppressed key figures for Denmark's municipalities.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        static_url="/api/docs-static",
    )
    app.state.settings = settings
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount(
        "/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static"
    )
    return app
