"""The agreements registry: connection agreements (tilslutningsaftaler) and data processing
agreements (databehandleraftaler) between each municipality and the operator.

A connection agreement says which domains a municipality shares with the other connected
municipalities and after how many days (embargo); the policy reads it. A data processing agreement
names the processor and its sub-processors (GDPR art. 28). Agreements are never edited in place:
a change is a new agreement, and an old one is ended (its `valid_to` set), both audited.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from faelled.access.audit import AgreementChange, AuditLog
from faelled.access.policy import Actor, Context, check
from faelled.access.store import execute, insert, select
from faelled.catalog.contracts import Domain
from faelled.engine.database import Database
from faelled.errors import InputError, NotFound
from faelled.reference import resolve

Kind = Literal["tilslutningsaftale", "databehandleraftale"]
KINDS: tuple[Kind, ...] = get_args(Kind)
TABLE = "access_agreements"


@dataclass(frozen=True)
class Agreement:
    id: str
    municipality: str
    kind: Kind
    signed: date
    valid_from: date
    valid_to: date | None
    domains: tuple[str, ...]
    processor: str
    sub_processors: tuple[str, ...]
    embargo_days: int
    created_by: str = ""

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def public(self) -> dict[str, Any]:
        data = asdict(self)
        for k in ("signed", "valid_from", "valid_to"):
            data[k] = data[k].isoformat() if data[k] else None
        data["domains"] = list(self.domains)
        data["sub_processors"] = list(self.sub_processors)
        return data


def _from_row(row: dict[str, Any]) -> Agreement:
    return Agreement(
        id=row["id"],
        municipality=row["municipality"],
        kind=row["kind"],
        signed=row["signed"],
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
        domains=tuple(json.loads(row["domains"])),
        processor=row["processor"],
        sub_processors=tuple(json.loads(row["sub_processors"])),
        embargo_days=int(row["embargo_days"]),
        created_by=row["created_by"],
    )


def list_agreements(db: Database, actor: Actor, municipality: str | None = None) -> list[Agreement]:
    check(actor, "read", f"agreements:{municipality}" if municipality else "agreements")
    rows = select(db, TABLE, municipality=municipality) if municipality else select(db, TABLE)
    return sorted((_from_row(r) for r in rows), key=lambda a: (a.municipality, a.signed, a.id))


def all_agreements(db: Database) -> tuple[Agreement, ...]:
    """Every agreement, for the policy's context (not itself served to anyone)."""
    return tuple(_from_row(r) for r in select(db, TABLE))


def policy_context(db: Database, today: date | None = None) -> Context:
    return Context(agreements=all_agreements(db), today=today or date.today())


def get_agreement(db: Database, actor: Actor, agreement_id: str) -> Agreement:
    rows = select(db, TABLE, id=agreement_id)
    if not rows:
        raise NotFound(f"Ukendt aftale / unknown agreement: {agreement_id!r}")
    agreement = _from_row(rows[0])
    check(actor, "read", f"agreements:{agreement.municipality}")
    return agreement


def add_agreement(
    db: Database,
    actor: Actor,
    *,
    municipality: str,
    kind: str,
    signed: date,
    valid_from: date | None = None,
    valid_to: date | None = None,
    domains: Sequence[str] = (),
    processor: str = "",
    sub_processors: Sequence[str] = (),
    embargo_days: int = 0,
    audit: AuditLog | None = None,
) -> Agreement:
    code = resolve(municipality)
    check(actor, "write", f"agreements:{code}")
    if kind not in KINDS:
        raise InputError(
            f"Ukendt aftaletype / unknown kind of agreement: {kind!r}",
            hint="Brug " + " eller ".join(KINDS) + ".",
        )
    known = {d.value for d in Domain}
    unknown = [d for d in domains if d not in known]
    if unknown:
        raise InputError(
            f"Ukendte domæner / unknown domains: {', '.join(unknown)}",
            hint="Brug " + ", ".join(sorted(known)) + ".",
        )
    if kind == "tilslutningsaftale" and not domains:
        raise InputError("En tilslutningsaftale deler mindst ét domæne / shares a domain.")
    if kind == "databehandleraftale" and not processor.strip():
        raise InputError("En databehandleraftale navngiver databehandleren / names a processor.")
    if not 0 <= embargo_days <= 3650:
        raise InputError("Embargo skal være 0–3650 dage / embargo must be 0–3650 days.")
    start = valid_from or signed
    if valid_to is not None and valid_to < start:
        raise InputError("Slutdatoen ligger før startdatoen / ends before it starts.")
    agreement = Agreement(
        id="agr-" + secrets.token_hex(4),
        municipality=code,
        kind=kind,
        signed=signed,
        valid_from=start,
        valid_to=valid_to,
        domains=tuple(sorted(set(domains))),
        processor=processor.strip(),
        sub_processors=tuple(s.strip() for s in sub_processors if s.strip()),
        embargo_days=embargo_days,
        created_by=actor.user or "",
    )
    row = agreement.public()
    row.update(
        signed=agreement.signed,
        valid_from=agreement.valid_from,
        valid_to=agreement.valid_to,
        domains=json.dumps(list(agreement.domains)),
        sub_processors=json.dumps(list(agreement.sub_processors), ensure_ascii=False),
        created_at=datetime.now(UTC),
    )
    insert(db, TABLE, [row])
    (audit or AuditLog(db)).record(
        actor,
        AgreementChange(
            agreement.id,
            "added",
            code,
            agreement_kind=kind,
            domains=agreement.domains,
            embargo_days=embargo_days,
        ),
    )
    return agreement


def end_agreement(
    db: Database, actor: Actor, agreement_id: str, on: date, *, audit: AuditLog | None = None
) -> Agreement:
    """End an agreement: it is in force up to and including `on`."""
    current = get_agreement(db, actor, agreement_id)
    check(actor, "write", f"agreements:{current.municipality}")
    if on < current.valid_from:
        raise InputError("Slutdatoen ligger før startdatoen / ends before it starts.")
    execute(db, f"UPDATE {TABLE} SET valid_to = ? WHERE id = ?", [on, agreement_id])
    (audit or AuditLog(db)).record(
        actor, AgreementChange(agreement_id, "ended", current.municipality)
    )
    return get_agreement(db, actor, agreement_id)
