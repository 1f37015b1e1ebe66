"""Sign-in sessions (for people, in a cookie) and API tokens (for programs, in a header).

Both are random secrets handed out once and stored only as SHA-256 hashes: someone who reads the
database cannot use them. (A slow hash such as argon2 protects low-entropy passwords; these
secrets have 256 bits, so a fast hash is enough and keeps every request cheap.) A token carries
scopes — the actions it may do — and an expiry; a session expires after `SESSION_LIFETIME`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from faelled.access.audit import AuditLog, UserChange
from faelled.access.policy import ACTIONS, Action, Actor, check
from faelled.access.store import execute, insert, select
from faelled.access.users import User, find_user, get_user
from faelled.engine.database import Database
from faelled.errors import InputError, NotFound

SESSIONS = "access_sessions"
TOKENS = "access_tokens"
SESSION_LIFETIME = timedelta(hours=8)
MAX_TOKEN_DAYS = 365
TOKEN_PREFIX = "fld"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- sessions -----------------------------------------------------------------------------------


def create_session(db: Database, user: User, *, now: datetime | None = None) -> str:
    """A new session for a signed-in user; returns the cookie value (shown to no one else)."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    insert(
        db,
        SESSIONS,
        [
            {
                "id_hash": _digest(token),
                "username": user.username,
                "created_at": now,
                "expires_at": now + SESSION_LIFETIME,
            }
        ],
    )
    return token


def session_user(db: Database, token: str, *, now: datetime | None = None) -> User | None:
    """The user a session cookie belongs to, if the session is live and the user enabled."""
    if not token or len(token) > 100:
        return None
    rows = select(db, SESSIONS, id_hash=_digest(token))
    if not rows or rows[0]["expires_at"] <= (now or datetime.now(UTC)):
        return None
    user = find_user(db, rows[0]["username"])
    return None if user is None or user.disabled else user


def end_session(db: Database, token: str) -> None:
    execute(db, f"DELETE FROM {SESSIONS} WHERE id_hash = ?", [_digest(token)])


def end_all_sessions(db: Database, username: str) -> None:
    execute(db, f"DELETE FROM {SESSIONS} WHERE username = ?", [username])


def purge_expired(db: Database, *, now: datetime | None = None) -> None:
    execute(db, f"DELETE FROM {SESSIONS} WHERE expires_at <= ?", [now or datetime.now(UTC)])


# --- API tokens ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenInfo:
    token_id: str
    username: str
    label: str
    scopes: tuple[Action, ...]
    created_at: datetime
    expires_at: datetime
    revoked: bool

    def public(self) -> dict[str, Any]:
        return {
            "token_id": self.token_id,
            "username": self.username,
            "label": self.label,
            "scopes": list(self.scopes),
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
            "revoked": self.revoked,
        }


def _token_from_row(row: dict[str, Any]) -> TokenInfo:
    return TokenInfo(
        token_id=row["token_id"],
        username=row["username"],
        label=row["label"],
        scopes=tuple(s for s in row["scopes"].split(",") if s),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        revoked=bool(row["revoked"]),
    )


def _may_manage_tokens_of(actor: Actor, user: User) -> None:
    # Users manage their own tokens; whoever manages a user's account manages its tokens too.
    if actor.user != user.username:
        check(actor, "write", f"users:{user.municipality}" if user.municipality else "users")
    else:
        check(actor, "write", "tokens")


def issue_token(
    db: Database,
    actor: Actor,
    username: str,
    *,
    scopes: list[str],
    days: int = 90,
    label: str = "",
    audit: AuditLog | None = None,
) -> tuple[str, TokenInfo]:
    """A new API token; the secret is returned once here and never stored in clear."""
    user = find_user(db, username)
    if user is None:
        raise NotFound(f"Ukendt bruger / unknown user: {username!r}")
    _may_manage_tokens_of(actor, user)
    unknown = [s for s in scopes if s not in ACTIONS]
    if unknown or not scopes:
        raise InputError(
            f"Ukendte rettigheder / unknown scopes: {', '.join(unknown) or '(ingen)'}",
            hint="Brug en eller flere af " + ", ".join(ACTIONS) + ".",
        )
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InputError(f"Et token gælder 1–{MAX_TOKEN_DAYS} dage / days.")
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    ordered = [a for a in ACTIONS if a in scopes]
    insert(
        db,
        TOKENS,
        [
            {
                "token_id": token_id,
                "secret_hash": _digest(secret),
                "username": user.username,
                "label": label.strip()[:100],
                "scopes": ",".join(ordered),
                "created_at": now,
                "expires_at": now + timedelta(days=days),
                "revoked": False,
            }
        ],
    )
    (audit or AuditLog(db)).record(
        actor,
        UserChange(
            user.username,
            "token_issued",
            municipality=user.municipality,
            note=f"{token_id} scopes={','.join(ordered)} days={days}",
        ),
    )
    info = _token_from_row(select(db, TOKENS, token_id=token_id)[0])
    return f"{TOKEN_PREFIX}_{token_id}_{secret}", info


def token_actor(db: Database, raw: str, *, now: datetime | None = None) -> Actor | None:
    """The actor an API token speaks for, narrowed to its scopes; None if it is not valid."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(raw) > 200:
        return None
    rows = select(db, TOKENS, token_id=parts[1])
    if not rows:
        return None
    row = rows[0]
    if not hmac.compare_digest(row["secret_hash"], _digest(parts[2])):
        return None
    if row["revoked"] or row["expires_at"] <= (now or datetime.now(UTC)):
        return None
    user = find_user(db, row["username"])
    if user is None or user.disabled:
        return None
    info = _token_from_row(row)
    return Actor(
        role=user.role,
        user=user.username,
        municipality=user.municipality,
        scopes=frozenset(info.scopes),
    )


def list_tokens(db: Database, actor: Actor, username: str) -> list[TokenInfo]:
    user = get_user(db, actor, username) if actor.user != username else find_user(db, username)
    if user is None:
        raise NotFound(f"Ukendt bruger / unknown user: {username!r}")
    _may_manage_tokens_of(actor, user)
    return sorted(
        (_token_from_row(r) for r in select(db, TOKENS, username=user.username)),
        key=lambda t: t.created_at,
    )


def revoke_token(
    db: Database, actor: Actor, token_id: str, *, audit: AuditLog | None = None
) -> None:
    rows = select(db, TOKENS, token_id=token_id)
    user = find_user(db, rows[0]["username"]) if rows else None
    if user is None:
        raise NotFound(f"Ukendt token / unknown token: {token_id!r}")
    _may_manage_tokens_of(actor, user)
    execute(db, f"UPDATE {TOKENS} SET revoked = ? WHERE token_id = ?", [True, token_id])
    (audit or AuditLog(db)).record(
        actor,
        UserChange(user.username, "token_revoked", municipality=user.municipality, note=token_id),
    )
