"""The web application: pages, the open API and static files, over one settings object."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from faelled import __version__
from faelled.engine import Database, migrate
from faelled.settings import Settings, get_settings
from faelled.web import api, errors, pages


def database(request: Request) -> Iterator[Database]:
    """FastAPI dependency: the server's one database connection, one request at a time.

    The server owns the database (DuckDB allows one writing process, DESIGN decision 4); a DuckDB
    connection is not safe for concurrent use from the request threads, hence the lock."""
    lock: threading.Lock = request.app.state.db_lock
    with lock:
        yield request.app.state.db


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings)
        migrate(db)
        app.state.db = db
        app.state.db_lock = threading.Lock()
        try:
            yield
        finally:
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
    )
    app.state.settings = settings
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount(
        "/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static"
    )
    return app
