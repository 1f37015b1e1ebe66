"""Users, their roles and passwords; signing in with a lockout after repeated failures.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile); a hash
made with older parameters is upgraded at the next successful sign-in. A username that does not
exist costs the same time and gives the same message as a wrong password, so sign-in reveals
nothing about which users exist. After `MAX_FAILURES` failures in a row an account is locked for
`LOCKOUT`; the per-address rate limit in the web layer slows guessing across many accounts.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from faelled.access.audit import AuditLog, SignIn, UserChange
from faelled.access.policy import MUNICIPAL_ROLES, ROLES, Actor, Role, check
from faelled.access.store import execute, insert, select
from faelled.engine.database import Database
from faelled.errors import FaelledError, InputError, NotFound
from faelled.reference import resolve

TABLE = "access_users"
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

# Replaced by a cheaper hasher in tests only (argon2's cost is the point in production).
hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both cases cost the same."""
    return hasher.hash("not a password of anyone")


class SignInFailed(FaelledError):
    code = "sign_in_failed"
    status = 401

    def __init__(self) -> None:
        super().__init__(
            "Forkert brugernavn eller adgangskode / wrong username or password.",
            hint="Efter 5 forkerte forsøg låses kontoen i 15 minutter / "
            "after 5 failed attempts the account is locked for 15 minutes.",
        )


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: Role
    municipality: str | None
    disabled: bool
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime

    def actor(self) -> Actor:
        return Actor(role=self.role, user=self.username, municipality=self.municipality)

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def public(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "municipality": self.municipality,
            "disabled": self.disabled,
            "locked": self.locked(datetime.now(UTC)),
        }


def _from_row(row: dict[str, Any]) -> User:
    return User(
        username=row["username"],
        display_name=row["display_name"],
        role=row["role"],
        municipality=row["municipality"],
        disabled=bool(row["disabled"]),
        failed_logins=int(row["failed_logins"]),
        locked_until=row["locked_until"],
        created_at=row["created_at"],
    )


def _users_resource(municipality: str | None) -> str:
    return f"users:{municipality}" if municipality else "users"


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(
            f"Adgangskoden skal have mindst {MIN_PASSWORD} tegn / "
            f"the password needs at least {MIN_PASSWORD} characters."
        )


def find_user(db: Database, username: str) -> User | None:
    rows = select(db, TABLE, username=username.strip().lower())
    return _from_row(rows[0]) if rows else None


def get_user(db: Database, actor: Actor, username: str) -> User:
    user = find_user(db, username)
    if user is None:
        raise NotFound(f"Ukendt bruger / unknown user: {username!r}")
    check(actor, "read", _users_resource(user.municipality))
    return user


def add_user(
    db: Database,
    actor: Actor,
    username: str,
    *,
    role: str,
    municipality: str | None,
    password: str,
    display_name: str = "",
    audit: AuditLog | None = None,
) -> User:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise InputError(
            f"Ugyldigt brugernavn / invalid username: {username!r}",
            hint="2–64 tegn: små bogstaver, tal, . _ @ -",
        )
    if role not in ROLES or role == "public":
        raise InputError(
            f"Ukendt rolle / unknown role: {role!r}",
            hint="Brug " + ", ".join(r for r in ROLES if r != "public") + ".",
        )
    code = resolve(municipality) if municipality else None
    if role in MUNICIPAL_ROLES and code is None:
        raise InputError(f"En {role} hører til en kommune / belongs to a municipality.")
    if role == "operator" and code is not None:
        raise InputError("En operatør hører ikke til en kommune / an operator belongs to none.")
    check(actor, "write", _users_resource(code))
    _check_password(password)
    if find_user(db, username) is not None:
        raise InputError(f"Brugeren findes allerede / the user exists: {username!r}")
    now = datetime.now(UTC)
    insert(
        db,
        TABLE,
        [
            {
                "username": username,
                "display_name": display_name.strip() or username,
                "role": role,
                "municipality": code,
                "password_hash": hasher.hash(password),
                "disabled": False,
                "failed_logins": 0,
                "locked_until": None,
                "created_at": now,
                "password_changed_at": now,
            }
        ],
    )
    (audit or AuditLog(db)).record(
        actor, UserChange(username, "added", role=role, municipality=code)
    )
    user = find_user(db, username)
    assert user is not None
    return user


def list_users(db: Database, actor: Actor, municipality: str | None = None) -> list[User]:
    code = resolve(municipality) if municipality else None
    check(actor, "read", _users_resource(code))
    rows = select(db, TABLE, municipality=code) if code else select(db, TABLE)
    return sorted((_from_row(r) for r in rows), key=lambda u: (u.municipality or "", u.username))


def set_disabled(
    db: Database, actor: Actor, username: str, disabled: bool, *, audit: AuditLog | None = None
) -> User:
    user = get_user(db, actor, username)
    check(actor, "write", _users_resource(user.municipality))
    execute(db, f"UPDATE {TABLE} SET disabled = ? WHERE username = ?", [disabled, user.username])
    if disabled:
        from faelled.access.sessions import end_all_sessions

        end_all_sessions(db, user.username)
    (audit or AuditLog(db)).record(
        actor,
        UserChange(
            user.username, "disabled" if disabled else "enabled", municipality=user.municipality
        ),
    )
    return get_user(db, actor, username)


def set_role(
    db: Database, actor: Actor, username: str, role: str, *, audit: AuditLog | None = None
) -> User:
    user = get_user(db, actor, username)
    check(actor, "write", _users_resource(user.municipality))
    if role not in ROLES or role == "public" or (role == "operator") != (user.municipality is None):
        raise InputError(f"Rollen {role!r} passer ikke til brugeren / does not fit the user.")
    execute(db, f"UPDATE {TABLE} SET role = ? WHERE username = ?", [role, user.username])
    (audit or AuditLog(db)).record(
        actor, UserChange(user.username, "role", role=role, municipality=user.municipality)
    )
    return get_user(db, actor, username)


def reset_password(
    db: Database, actor: Actor, username: str, password: str, *, audit: AuditLog | None = None
) -> User:
    """Set a new password, lift a lockout and end the user's sessions."""
    user = get_user(db, actor, username)
    check(actor, "write", _users_resource(user.municipality))
    _check_password(password)
    execute(
        db,
        f"UPDATE {TABLE} SET password_hash = ?, password_changed_at = ?, failed_logins = 0, "
        "locked_until = NULL WHERE username = ?",
        [hasher.hash(password), datetime.now(UTC), user.username],
    )
    from faelled.access.sessions import end_all_sessions

    end_all_sessions(db, user.username)
    (audit or AuditLog(db)).record(
        actor, UserChange(user.username, "password_reset", municipality=user.municipality)
    )
    return get_user(db, actor, username)


def authenticate(
    db: Database,
    username: str,
    password: str,
    *,
    audit: AuditLog | None = None,
    now: datetime | None = None,
) -> User:
    """The user with this username and password, or SignInFailed; every attempt is audited."""
    now = now or datetime.now(UTC)
    log = audit or AuditLog(db)
    name = username.strip().lower()[:64]
    rows = select(db, TABLE, username=name)

    def fail(reason: str, municipality: str | None = None) -> SignInFailed:
        log.record(Actor.public(), SignIn(name, False, reason, municipality=municipality))
        return SignInFailed()

    if not rows:
        with contextlib.suppress(VerificationError):
            hasher.verify(_dummy_hash(), password)
        raise fail("unknown_user")
    row = rows[0]
    user = _from_row(row)
    if user.locked(now):
        raise fail("locked", user.municipality)
    try:
        hasher.verify(row["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        # A lock resets the count; once it has expired, counting starts again from zero.
        failures = user.failed_logins + 1
        locked_until = now + LOCKOUT if failures >= MAX_FAILURES else None
        execute(
            db,
            f"UPDATE {TABLE} SET failed_logins = ?, locked_until = ? WHERE username = ?",
            [0 if locked_until else failures, locked_until, name],
        )
        raise fail("locked_now" if locked_until else "bad_password", user.municipality) from None
    if user.disabled:
        raise fail("disabled", user.municipality)
    if hasher.check_needs_rehash(row["password_hash"]):
        execute(
            db,
            f"UPDATE {TABLE} SET password_hash = ? WHERE username = ?",
            [hasher.hash(password), name],
        )
    if user.failed_logins or user.locked_until:
        execute(
            db,
            f"UPDATE {TABLE} SET failed_logins = 0, locked_until = NULL WHERE username = ?",
            [name],
        )
    log.record(user.actor(), SignIn(name, True, "ok", municipality=user.municipality))
    return user
