"""The local administrator's writes (and a few reads): what `faelled users add|disable|enable|
role|reset-password|token|tokens|revoke-token`, `faelled agreements add|end`, `faelled retention
apply`, `faelled loads|quarantine [show]` and `faelled audit list` send to a running server that
owns the DuckDB file (DESIGN decision 4). Authenticated by the local token in
FAELLED_HOME/server.json, like `system.info`; each route calls the same library function as the
CLI's local path, so the policy check and the audit entry are the same."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from faelled.access.agreements import add_agreement, end_agreement
from faelled.access.policy import Actor, check
from faelled.access.sessions import issue_token, list_tokens, revoke_token
from faelled.access.users import add_user, reset_password, set_disabled, set_role
from faelled.engine import Database
from faelled.web.deps import database
from faelled.web.system import local_admin

router = APIRouter(prefix="/api/v1/system", tags=["system"], include_in_schema=False)
LocalAdmin = Annotated[Actor, Depends(local_admin)]
Db = Annotated[Database, Depends(database)]
Text = Annotated[str, Field(max_length=200)]


class UserIn(BaseModel):
    username: Text
    role: Text
    municipality: Text | None = None
    name: Text = ""
    password: Annotated[str, Field(max_length=1000)]


class DisabledIn(BaseModel):
    disabled: bool


class PasswordIn(BaseModel):
    password: Annotated[str, Field(max_length=1000)]


class RoleIn(BaseModel):
    role: Text


class TokenIn(BaseModel):
    scopes: list[Text] = Field(default_factory=lambda: ["read"], max_length=10)
    days: int = 90
    label: Text = ""


class AgreementIn(BaseModel):
    # Plain strings: the library checks kinds and domains and says what is wrong, as locally.
    municipality: Text
    kind: Text
    signed: date
    valid_from: date | None = None
    valid_to: date | None = None
    domains: list[Text] = Field(default_factory=list, max_length=50)
    processor: Text = ""
    sub_processors: list[Text] = Field(default_factory=list, max_length=50)
    embargo_days: int = 0


class EndIn(BaseModel):
    on: date


class RetentionIn(BaseModel):
    datasets: list[Text] = Field(default_factory=list, max_length=500)
    dry_run: bool = False
    today: date | None = None


@router.post("/users", status_code=201)
def users_add(body: UserIn, actor: LocalAdmin, db: Db) -> dict[str, Any]:
    check(actor, "write", "users")
    user = add_user(
        db,
        actor,
        body.username,
        role=body.role,
        municipality=body.municipality,
        password=body.password,
        display_name=body.name,
    )
    return user.public()


@router.post("/users/{username}/disabled")
def users_disabled(username: str, body: DisabledIn, actor: LocalAdmin, db: Db) -> dict[str, Any]:
    check(actor, "write", "users")
    return set_disabled(db, actor, username, body.disabled).public()


@router.post("/users/{username}/password")
def users_password(username: str, body: PasswordIn, actor: LocalAdmin, db: Db) -> dict[str, Any]:
    check(actor, "write", "users")
    return reset_password(db, actor, username, body.password).public()


@router.post("/users/{username}/role")
def users_role(username: str, body: RoleIn, actor: LocalAdmin, db: Db) -> dict[str, Any]:
    check(actor, "write", "users")
    return set_role(db, actor, username, body.role).public()


@router.post("/users/{username}/tokens", status_code=201)
def users_token(username: str, body: TokenIn, actor: LocalAdmin, db: Db) -> dict[str, Any]:
    """The secret is in this answer only, as on the local path's screen."""
    check(actor, "write", "users")
    secret, info = issue_token(
        db, actor, username, scopes=body.scopes, days=body.days, label=body.label
    )
    return {"secret": secret, **info.public()}


@router.get("/users/{username}/tokens")
def users_tokens(username: str, actor: LocalAdmin, db: Db) -> list[dict[str, Any]]:
    check(actor, "read", "users")
    return [t.public() for t in list_tokens(db, actor, username)]


@router.post("/tokens/{token_id}/revoke")
def tokens_revoke(token_id: str, actor: LocalAdmin, db: Db) -> dict[str, str]:
    check(actor, "write", "users")
    revoke_token(db, actor, token_id)
    return {"token_id": token_id}


@router.post("/agreements", status_code=201)
def agreements_add(body: AgreementIn, actor: LocalAdmin, db: Db) -> dict[str, Any]:
    check(actor, "write", "agreements")
    agreement = add_agreement(
        db,
        actor,
        municipality=body.municipality,
        kind=body.kind,
        signed=body.signed,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        domains=body.domains,
        processor=body.processor,
        sub_processors=body.sub_processors,
        embargo_days=body.embargo_days,
    )
    return agreement.public()


@router.post("/agreements/{agreement_id}/end")
def agreements_end(agreement_id: str, body: EndIn, actor: LocalAdmin, db: Db) -> dict[str, Any]:
    check(actor, "write", "agreements")
    return end_agreement(db, actor, agreement_id, body.on).public()


@router.post("/retention")
def retention(
    body: RetentionIn, actor: LocalAdmin, db: Db, request: Request
) -> list[dict[str, Any]]:
    from faelled.catalog.contracts import select_contracts
    from faelled.privacy.retention import apply_retention

    check(actor, "admin", "retention")
    contracts = select_contracts(body.datasets, request.app.state.settings)
    results = apply_retention(db, actor, contracts, today=body.today, dry_run=body.dry_run)
    return [asdict(r) for r in results]


@router.get("/audit")
def audit(
    actor: LocalAdmin,
    db: Db,
    municipality: str | None = None,
    event: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    from faelled.access.audit import AuditLog

    check(actor, "read", "audit")
    entries = AuditLog(db).entries(municipality=municipality, event=event, limit=limit)
    return [e.public() for e in entries]


@router.get("/quarantine")
def quarantine(
    actor: LocalAdmin, db: Db, dataset: str | None = None, load_id: str | None = None
) -> list[dict[str, Any]]:
    from faelled.ingest import quarantine_counts

    check(actor, "read", "system:loads")
    rows: list[dict[str, Any]] = quarantine_counts(db, dataset=dataset, load_id=load_id)
    return rows


@router.get("/quarantine/{load_id}")
def quarantine_load(
    load_id: str,
    actor: LocalAdmin,
    db: Db,
    limit: int = 100,
    user: str | None = Query(None, max_length=64),
    purpose: str | None = Query(None, max_length=500),
) -> list[dict[str, Any]]:
    from faelled.access.samples import on_behalf, read_quarantine

    check(actor, "read", "system:loads")
    # Rows are personal data: read on behalf of the municipality's analyst or steward, audited.
    reader = on_behalf(db, actor, user)
    return read_quarantine(db, reader, load_id, purpose=purpose, limit=limit)


@router.get("/loads/{load_id}")
def load(
    load_id: str,
    actor: LocalAdmin,
    db: Db,
    user: str | None = Query(None, max_length=64),
    purpose: str | None = Query(None, max_length=500),
) -> dict[str, Any]:
    from faelled.access.samples import on_behalf, read_report

    check(actor, "read", "system:loads")
    # Samples only on behalf of the municipality's analyst or steward, with a purpose, audited.
    reader = on_behalf(db, actor, user) if user is not None or purpose is not None else actor
    info, report, _ = read_report(db, reader, load_id, purpose=purpose)
    return {**info, "report": report.to_dict()}


@router.get("/loads")
def loads(
    actor: LocalAdmin,
    db: Db,
    dataset: str | None = None,
    municipality: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    from faelled.ingest import list_loads

    check(actor, "read", "system:loads")
    rows: list[dict[str, Any]] = list_loads(
        db, dataset=dataset, municipality=municipality, limit=limit
    )
    return rows
