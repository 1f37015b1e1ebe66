"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from fastapi import Request

from faelled.engine import Database


def database(request: Request) -> Iterator[Database]:
    """The server's one database connection, one request at a time.

    The server owns the database (DuckDB allows one writing process, DESIGN decision 4); a DuckDB
    connection is not safe for concurrent use from the request threads, hence the lock."""
    lock: threading.Lock = request.app.state.db_lock
    with lock:
        yield request.app.state.db
