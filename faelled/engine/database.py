"""The database behind an installation: one Ibis backend (DuckDB file by default, PostgreSQL
for a shared server) plus the tables Fælled creates and migrates itself."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ibis
from ibis.backends import BaseBackend

from faelled.errors import DatabaseError
from faelled.settings import Settings


class Database:
    """An open connection to an installation's database.

    DuckDB allows one writing process: the running server owns the file, and a second process that
    tries to open it gets a DatabaseError that says so (DESIGN decision 4)."""

    def __init__(self, settings: Settings, *, read_only: bool = False) -> None:
        self.settings = settings
        self.read_only = read_only
        self.backend: BaseBackend = _connect(settings, read_only=read_only)

    @property
    def dialect(self) -> str:
        return str(self.backend.name)

    def tables(self) -> list[str]:
        # Ibis registers in-memory inputs as temporary views named ibis_*; they are not state.
        return sorted(t for t in self.backend.list_tables() if not t.startswith("ibis_"))

    def table(self, name: str) -> ibis.Table:
        return self.backend.table(name)

    def has_table(self, name: str) -> bool:
        return name in self.backend.list_tables()

    def row_counts(self) -> dict[str, int]:
        # to_pyarrow, not execute(): pandas 3 warns on that conversion (tests make it an error).
        return {name: int(self.table(name).count().to_pyarrow().as_py()) for name in self.tables()}

    def raw_sql(self, sql: str, params: Any = None) -> Any:
        """Run SQL directly (DDL and bookkeeping only; data queries go through Ibis)."""
        return self.backend.raw_sql(sql) if params is None else self.backend.raw_sql(sql, params)

    def close(self) -> None:
        self.backend.disconnect()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(settings: Settings, *, read_only: bool) -> BaseBackend:
    url = settings.database
    try:
        if settings.is_duckdb:
            path = url.removeprefix("duckdb://").removeprefix("/")
            path = "/" + path if url.startswith("duckdb:///") else path
            if not read_only:
                settings.home.mkdir(parents=True, exist_ok=True)
            return ibis.duckdb.connect(path, read_only=read_only)
        return ibis.connect(url)
    except Exception as exc:  # the drivers raise many types; all mean "cannot open"
        text = str(exc)
        if "lock" in text.lower():
            raise DatabaseError(
                f"Databasen bruges af en anden proces / the database is in use by another process "
                f"({settings.database_display}).",
                hint="Stop den kørende 'faelled serve', eller brug serverens API.",
            ) from None
        raise DatabaseError(
            f"Kan ikke åbne databasen / cannot open the database {settings.database_display}: "
            f"{text.splitlines()[0] if text else type(exc).__name__}",
            hint="Tjek FAELLED_DATABASE_URL og FAELLED_HOME.",
        ) from None


@contextmanager
def open_database(settings: Settings, *, read_only: bool = False) -> Iterator[Database]:
    db = Database(settings, read_only=read_only)
    try:
        yield db
    finally:
        db.close()
