"""The web application: pages, the open API and static files, over one settings object."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from faelled import __version__
from faelled.access.contracts_audit import record_at_startup
from faelled.engine import Database, migrate, server_file
from faelled.jobs import JobRunner
from faelled.settings import Settings, get_settings
from faelled.web import (
    api,
    api_benchmark,
    api_jobs,
    api_loads,
    api_quality,
    api_values,
    demo_build,
    errors,
    kolada,
    pages,
    security,
    signin,
    steward,
    survey,
    system,
    system_access,
    system_reads,
    system_writes,
)
from faelled.web.deps import database, locked  # database is re-exported: routers depend on it
from faelled.web.store import ValueStore

__all__ = ["create_app", "database"]


def create_app(
    settings: Settings | None = None,
    *,
    public_url: str | None = None,
    demo_scale: float | None = None,
) -> FastAPI:
    """The app. `public_url` is given by `faelled serve`: the server then announces itself in
    FAELLED_HOME/server.json so the CLI can reach it (DuckDB allows one writing process).
    `demo_scale` is given by `faelled demo`: the demo commons is built as the first job, while
    the pages already answer."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings)
        migrate(db)
        record_at_startup(db, settings)  # contract changes since the last start, audited
        app.state.db = db
        app.state.db_lock = threading.Lock()
        app.state.values = ValueStore(settings, lambda: locked(app))
        # Only a real server (serve/demo) announces itself; TestClient apps have no URL.
        announced = (
            server_file.write(settings.home, app.state.public_url)
            if getattr(app.state, "public_url", None)
            else None
        )
        app.state.local_token = announced.token if announced else None
        # Ingest and compute run here, one at a time, while the server owns the file.
        app.state.jobs = JobRunner(settings)
        app.state.jobs.start()
        if demo_scale is not None:
            app.state.demo = app.state.jobs.submit(
                "demo", "jobs:demo", {"scale": demo_scale}, "demo"
            )
        try:
            yield
        finally:
            app.state.jobs.stop()
            if announced:
                server_file.remove(settings.home, announced)
            db.close()

    app = FastAPIOffline(
        lifespan=lifespan,
        title="Fælled API",
        version=__version__,
        description="Åbne, diskretionerede nøgletal for Danmarks kommuner / "
        "open, suppressed key figures for Denmark's municipalities.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        static_url="/api/docs-static",
        # Every state-changing request passes the CSRF check, whichever router it comes from.
        dependencies=[Depends(security.csrf_protect)],
    )
    app.state.settings = settings
    app.state.public_url = public_url
    app.state.demo = None  # the demo build's job, when `faelled demo` serves (web/demo_build.py)
    errors.install(app)
    app.include_router(api.router)
    app.include_router(api_values.router)
    app.include_router(api_benchmark.router)
    app.include_router(api_quality.router)
    app.include_router(api_loads.router)
    app.include_router(kolada.router)
    app.include_router(system.router)
    app.include_router(system_access.router)
    app.include_router(system_writes.router)
    app.include_router(system_reads.router)
    app.include_router(api_jobs.router)
    app.include_router(demo_build.router)
    app.include_router(steward.api)
    app.include_router(signin.router)
    app.include_router(steward.pages)
    app.include_router(pages.router)
    app.include_router(survey.router)
    app.add_middleware(security.ActorMiddleware)
    app.add_middleware(security.SecurityHeadersMiddleware, docs_path="/api/docs")
    app.mount(
        "/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static"
    )
    return app
