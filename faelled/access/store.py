"""The tables that hold access state — users, sessions, API tokens, agreements and the audit log —
in the installation's own database (DESIGN decision 5), created through Ibis schemas so they are
the same on DuckDB and PostgreSQL.

Reads go through Ibis; inserts are pyarrow tables. Updates and deletes (a lockout counter, a
disabled user, an ended agreement) have no Ibis form, so `execute` runs plain standard SQL with
`?` placeholders, translated to the driver's own style."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa

from faelled.engine.database import Database
from faelled.engine.migrations import Migration

TS = dt.Timestamp(timezone="UTC")

SCHEMAS: dict[str, ibis.Schema] = {
    "access_users": ibis.schema(
        {
            "username": dt.string,
            "display_name": dt.string,
            "role": dt.string,
            "municipality": dt.String(nullable=True),  # None: the operator's staff
            "password_hash": dt.string,  # argon2id, with its own salt and parameters
            "disabled": dt.boolean,
            "failed_logins": dt.int64,
            "locked_until": dt.Timestamp(timezone="UTC", nullable=True),
            "created_at": TS,
            "password_changed_at": TS,
        }
    ),
    "access_sessions": ibis.schema(
        {
            "id_hash": dt.string,  # sha256 of the cookie's value: a database leak is no login
            "username": dt.string,
            "created_at": TS,
            "expires_at": TS,
        }
    ),
    "access_tokens": ibis.schema(
        {
            "token_id": dt.string,  # the public part of the token, to find it
            "secret_hash": dt.string,  # sha256 of the secret part
            "username": dt.string,
            "label": dt.string,
            "scopes": dt.string,  # comma-separated actions: read,export,write,admin
            "created_at": TS,
            "expires_at": TS,
            "revoked": dt.boolean,
        }
    ),
    "access_agreements": ibis.schema(
        {
            "id": dt.string,
            "municipality": dt.string,
            "kind": dt.string,  # tilslutningsaftale | databehandleraftale
            "signed": dt.date,
            "valid_from": dt.date,
            "valid_to": dt.Date(nullable=True),
            "domains": dt.string,  # JSON list
            "processor": dt.string,
            "sub_processors": dt.string,  # JSON list
            "embargo_days": dt.int64,
            "created_at": TS,
            "created_by": dt.string,
        }
    ),
    "audit_log": ibis.schema(
        {
            "seq": dt.int64,
            "occurred_at": TS,
            "event": dt.string,
            "actor_user": dt.String(nullable=True),
            "actor_role": dt.string,
            "actor_municipality": dt.String(nullable=True),
            "municipality": dt.String(nullable=True),  # whose data or users the event concerns
            "resource": dt.String(nullable=True),
            "purpose": dt.String(nullable=True),
            "detail": dt.string,  # JSON object: the event's own fields
            "prev_mac": dt.string,
            "mac": dt.string,
        }
    ),
}

_UNIQUE = {
    "access_users": "username",
    "access_sessions": "id_hash",
    "access_tokens": "token_id",
    "access_agreements": "id",
    # Two writers appending the same sequence number would fork the chain: one of them must fail.
    "audit_log": "seq",
}


def _create_tables(db: Database) -> None:
    for name, schema in SCHEMAS.items():
        db.backend.create_table(name, schema=schema)
        db.raw_sql(f"CREATE UNIQUE INDEX {name}_{_UNIQUE[name]}_key ON {name} ({_UNIQUE[name]})")


MIGRATIONS = [
    Migration("access:1", "users, sessions, tokens, agreements, audit log", _create_tables)
]


def arrow_schema(table: str) -> pa.Schema:
    return SCHEMAS[table].to_pyarrow()


def insert(db: Database, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    db.backend.insert(table, pa.Table.from_pylist(list(rows), schema=arrow_schema(table)))


def execute(db: Database, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run one parameterised statement (`?` placeholders); return its rows, if any."""
    if db.dialect == "duckdb":
        cursor = db.backend.con.execute(sql, list(params))
    else:  # psycopg's placeholders are %s
        cursor = db.backend.con.cursor()
        cursor.execute(sql.replace("?", "%s"), list(params))
    if cursor.description is None:
        return []
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def select(db: Database, table: str, **equal: Any) -> list[dict[str, Any]]:
    """The rows of `table` whose columns equal the given values, as dicts (small tables only)."""
    t = db.table(table)
    for column, value in equal.items():
        t = t.filter(t[column].isnull() if value is None else t[column] == value)
    rows: list[dict[str, Any]] = t.to_pyarrow().to_pylist()
    return rows
