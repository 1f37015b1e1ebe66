"""Users, agreements and the audit chain on a real PostgreSQL server: the same tables, the same
SQL, the same tamper detection."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from pydantic import SecretStr

from faelled.access import users
from faelled.access.agreements import add_agreement, end_agreement, list_agreements
from faelled.access.audit import AuditLog
from faelled.access.sessions import create_session, issue_token, session_user, token_actor
from faelled.engine import migrate, open_database
from faelled.settings import Settings

from .access_fixtures import OPERATOR, PASSWORD, cheap_hashing  # noqa: F401

pytestmark = pytest.mark.postgres


@pytest.fixture
def own_database(postgres_url: str) -> str:
    """A database of its own on the session's server: one database belongs to one installation
    (one audit key), and other tests' installations use the shared one."""
    import psycopg

    name = f"access_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return postgres_url.rsplit("/", 1)[0] + "/" + name


def test_access_state_and_the_audit_chain_on_postgres(own_database: str, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=SecretStr(own_database))
    name = "pg-analyst"
    with open_database(settings) as db:
        assert db.dialect == "postgres"
        migrate(db)
        user = users.add_user(
            db, OPERATOR, name, role="analyst", municipality="851", password=PASSWORD
        )
        assert users.authenticate(db, name, PASSWORD).username == name
        for _ in range(users.MAX_FAILURES):
            with pytest.raises(users.SignInFailed):
                users.authenticate(db, name, "wrong password")
        assert users.find_user(db, name).locked_until is not None  # type: ignore[union-attr]
        session = create_session(db, user)
        assert session_user(db, session) is not None
        secret, _ = issue_token(db, OPERATOR, name, scopes=["read"])
        assert token_actor(db, secret) is not None
        agreement = add_agreement(
            db, OPERATOR, municipality="851", kind="tilslutningsaftale",
            signed=date(2025, 1, 1), domains=["schools"], embargo_days=7,
        )  # fmt: skip
        end_agreement(db, OPERATOR, agreement.id, date(2025, 12, 31))
        ended = [a for a in list_agreements(db, OPERATOR, "851") if a.id == agreement.id]
        assert ended[0].valid_to == date(2025, 12, 31)
        log = AuditLog(db)
        assert log.verify().ok
        newest = log.entries(limit=1)[0]
        db.raw_sql(f"UPDATE audit_log SET purpose = 'x' WHERE seq = {newest.seq}")
        problems = log.verify().problems
        assert [p.seq for p in problems] == [newest.seq]
        db.raw_sql(f"DELETE FROM audit_log WHERE seq = {newest.seq}")
        assert "slettet fra enden" in log.verify().problems[0].message
