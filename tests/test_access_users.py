"""Users, passwords, lockout, sessions and API tokens — and the CLI that manages them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from faelled.access import users
from faelled.access.audit import AuditLog
from faelled.access.policy import Actor, Forbidden, is_allowed
from faelled.access.sessions import (
    create_session,
    issue_token,
    revoke_token,
    session_user,
    token_actor,
)
from faelled.engine import Database, migrate
from faelled.errors import InputError
from faelled.settings import Settings

from .access_fixtures import OPERATOR, PASSWORD, cheap_hashing  # noqa: F401
from .conftest import run_cli


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    with Database(settings) as database:
        migrate(database)
        yield database


@pytest.fixture
def ana(db: Database) -> users.User:
    return users.add_user(
        db, OPERATOR, "Ana", role="analyst", municipality="Aalborg", password=PASSWORD
    )


def test_a_user_belongs_to_a_municipality_and_the_password_is_hashed(
    db: Database, ana: users.User
) -> None:
    assert (ana.username, ana.role, ana.municipality) == ("ana", "analyst", "851")
    stored = db.table("access_users").to_pyarrow().to_pylist()[0]["password_hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert users.authenticate(db, "ANA ", PASSWORD).username == "ana"


@pytest.mark.parametrize(
    ("role", "municipality", "message"),
    [
        ("analyst", None, "hører til en kommune"),
        ("operator", "851", "hører ikke til en kommune"),
        ("wizard", "851", "Ukendt rolle"),
        ("public", None, "Ukendt rolle"),
    ],
)
def test_roles_and_municipalities_must_fit(
    db: Database, role: str, municipality: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        users.add_user(db, OPERATOR, "x1", role=role, municipality=municipality, password=PASSWORD)


def test_short_passwords_are_refused(db: Database) -> None:
    with pytest.raises(InputError, match="mindst 10 tegn"):
        users.add_user(db, OPERATOR, "kim", role="viewer", municipality="101", password="kort")


def test_an_admin_manages_only_its_own_municipality(db: Database, ana: users.User) -> None:
    admin = users.add_user(
        db, OPERATOR, "adm", role="admin", municipality="851", password=PASSWORD
    ).actor()
    users.add_user(db, admin, "vic", role="viewer", municipality="851", password=PASSWORD)
    with pytest.raises(Forbidden):
        users.add_user(db, admin, "kim", role="viewer", municipality="101", password=PASSWORD)
    with pytest.raises(Forbidden):
        users.add_user(db, admin, "op2", role="operator", municipality=None, password=PASSWORD)
    assert [u.username for u in users.list_users(db, admin, "851")] == ["adm", "ana", "vic"]
    with pytest.raises(Forbidden):
        users.list_users(db, ana.actor(), "851")


def test_sign_in_fails_the_same_way_for_a_wrong_password_and_an_unknown_user(
    db: Database, ana: users.User
) -> None:
    with pytest.raises(users.SignInFailed) as wrong:
        users.authenticate(db, "ana", "not the password")
    with pytest.raises(users.SignInFailed) as unknown:
        users.authenticate(db, "nobody", "not the password")
    assert wrong.value.message == unknown.value.message
    reasons = [json.loads(e.detail)["reason"] for e in AuditLog(db).entries(event="sign_in")]
    assert reasons == ["unknown_user", "bad_password"]


def test_five_failures_lock_the_account_for_15_minutes(db: Database, ana: users.User) -> None:
    now = datetime.now(UTC)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(users.SignInFailed):
            users.authenticate(db, "ana", "wrong password", now=now)
    with pytest.raises(users.SignInFailed):  # the right password, but locked
        users.authenticate(db, "ana", PASSWORD, now=now + timedelta(minutes=14))
    assert (
        users.authenticate(db, "ana", PASSWORD, now=now + timedelta(minutes=16)).username == "ana"
    )
    reasons = [json.loads(e.detail)["reason"] for e in AuditLog(db).entries(event="sign_in")]
    assert reasons[:3] == ["ok", "locked", "locked_now"]


def test_counting_starts_again_after_a_lock_expires(db: Database, ana: users.User) -> None:
    now = datetime.now(UTC)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(users.SignInFailed):
            users.authenticate(db, "ana", "wrong password", now=now)
    later = now + timedelta(minutes=20)
    for _ in range(users.MAX_FAILURES - 1):
        with pytest.raises(users.SignInFailed):
            users.authenticate(db, "ana", "wrong password", now=later)
    assert users.authenticate(db, "ana", PASSWORD, now=later).username == "ana"


def test_disabling_ends_sessions_and_tokens(db: Database, ana: users.User) -> None:
    session = create_session(db, ana)
    secret, _ = issue_token(db, OPERATOR, "ana", scopes=["read"])
    assert session_user(db, session) is not None and token_actor(db, secret) is not None
    users.set_disabled(db, OPERATOR, "ana", True)
    assert session_user(db, session) is None
    assert token_actor(db, secret) is None
    with pytest.raises(users.SignInFailed):
        users.authenticate(db, "ana", PASSWORD)


def test_a_reset_password_lifts_the_lock_and_ends_sessions(db: Database, ana: users.User) -> None:
    session = create_session(db, ana)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(users.SignInFailed):
            users.authenticate(db, "ana", "wrong password")
    users.reset_password(db, OPERATOR, "ana", "another long password")
    assert session_user(db, session) is None
    assert users.authenticate(db, "ana", "another long password").username == "ana"


def test_sessions_expire(db: Database, ana: users.User) -> None:
    session = create_session(db, ana, now=datetime.now(UTC) - timedelta(hours=9))
    assert session_user(db, session) is None
    assert session_user(db, "made-up") is None


def test_tokens_are_hashed_scoped_expiring_and_revocable(db: Database, ana: users.User) -> None:
    secret, info = issue_token(db, ana.actor(), "ana", scopes=["read"], days=30, label="BI")
    stored = db.table("access_tokens").to_pyarrow().to_pylist()[0]
    assert secret.split("_", 2)[2] not in json.dumps(stored, default=str)
    actor = token_actor(db, secret)
    assert actor == Actor("analyst", "ana", "851", frozenset({"read"}))
    assert is_allowed(actor, "read", "rows:benefit_spells:851")
    assert not is_allowed(actor, "export", "rows:benefit_spells:851")  # outside its scope
    assert token_actor(db, secret, now=datetime.now(UTC) + timedelta(days=31)) is None
    assert token_actor(db, secret[:-2] + "xx") is None
    revoke_token(db, ana.actor(), info.token_id)
    assert token_actor(db, secret) is None


def test_no_one_manages_another_municipalitys_tokens(db: Database, ana: users.User) -> None:
    kim = users.add_user(db, OPERATOR, "kim", role="analyst", municipality="101", password=PASSWORD)
    with pytest.raises(Forbidden):
        issue_token(db, kim.actor(), "ana", scopes=["read"])


def _cli_add(home: Path, *args: str, password: str = PASSWORD) -> None:
    import os
    import subprocess

    from .conftest import FAELLED

    env = {**os.environ, "FAELLED_HOME": str(home), "FAELLED_CONFIG": "/nonexistent.toml"}
    proc = subprocess.run(
        [FAELLED, "users", "add", *args, "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert password not in proc.stdout + proc.stderr


def test_the_users_command(home: Path, settings: Settings) -> None:
    _cli_add(home, "stine", "--role", "steward", "-m", "Aalborg", "--name", "Stine")
    _cli_add(home, "ops", "--role", "operator")
    listed = json.loads(run_cli("users", "list", "--json", home=home).stdout)
    assert [(u["username"], u["role"], u["municipality"]) for u in listed] == [
        ("ops", "operator", None),
        ("stine", "steward", "851"),
    ]
    run_cli("users", "disable", "stine", home=home)
    bad = run_cli(
        "users", "add", "x", "--role", "analyst", "--password-stdin", home=home, check=False
    )
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    with Database(settings) as db:
        changes = [
            (e.actor_user or "", json.loads(e.detail)["change"])
            for e in AuditLog(db).entries(event="user_change", newest_first=False)
        ]
        disabled = [u.disabled for u in users.list_users(db, OPERATOR)]
    assert [c for _, c in changes] == ["added", "added", "disabled"]
    assert disabled == [False, True]
    assert all(who.startswith("cli:") for who, _ in changes)
