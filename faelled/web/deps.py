"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from faelled.access import Actor
from faelled.engine import Database
from faelled.web.store import Snapshot


@contextmanager
def locked(app: Any) -> Iterator[Database]:
    """The server's one database connection, held for one piece of work.

    The server owns the database (DuckDB allows one writing process, DESIGN decision 4); a DuckDB
    connection is not safe for concurrent use from the request threads, hence the lock."""
    lock: threading.Lock = app.state.db_lock
    with lock:
        yield app.state.db


def database(request: Request) -> Iterator[Database]:
    with locked(request.app) as db:
        yield db


async def current_actor(request: Request) -> Actor:
    """Who is asking. Sign-in (the access-control work) sets `request.state.actor`; until then,
    and for anyone not signed in, it is the public. Every read asks the policy about this actor."""
    actor = getattr(request.state, "actor", None)
    return actor if isinstance(actor, Actor) else Actor.public()


async def snapshot(request: Request) -> Snapshot:
    """The served key figures (faelled.web.store), fresh within a second of a compute run.

    Async so the hot path runs on the event loop: only when the snapshot is due for a check
    does the database work go to a worker thread."""
    store = request.app.state.values
    snap: Snapshot | None = store.fresh()
    if snap is not None:
        return snap
    fetched: Snapshot = await run_in_threadpool(store.get)
    return fetched
