"""Quarantined rows and validation samples: row-level data that ingest keeps beside a load.

A load's quarantine holds the rows it set aside (pseudonymised or masked identifiers, every other
value as delivered), and its validation report holds a sample of failing source rows. Both are
personal data about the people in the delivery, so they are read as `rows.read_rows` reads a
dataset: only the analysts and stewards of the load's municipality (resources
`quarantine:<dataset>:<m>` and `samples:<dataset>:<m>`, for every municipality the load holds),
with a stated purpose, and audited. Everyone else sees counts: a report keeps its findings,
counts and row numbers, without the sampled values (`without_samples`)."""

from __future__ import annotations

import dataclasses
from typing import Any

from faelled.access.audit import AuditLog, RowRead
from faelled.access.policy import Actor, check, is_allowed
from faelled.access.rows import MAX_ROWS, require_purpose
from faelled.engine.database import Database
from faelled.errors import InputError
from faelled.ingest.history import get_load, load_report, quarantine_rows
from faelled.validate.report import Report


def on_behalf(db: Database, operator: Actor, username: str | None) -> Actor:
    """The actor for a row-level read from the command line. The command line is the operator,
    who sees no personal data (docs/access.md); quarantined rows and report samples are read on
    behalf of a named, enabled analyst or steward of the load's municipality — the policy then
    decides on that user — and audited under both names: "analyst-851 (cli:osuser)"."""
    from faelled.access.users import get_user

    if not username:
        raise InputError(
            "Rækker i karantæne og eksempelrækker er persondata / quarantined and sampled rows "
            "are personal data.",
            hint="Angiv --user NAVN (en analytiker eller data-ansvarlig i kommunen) og --purpose.",
        )
    user = get_user(db, operator, username)
    if user.disabled:
        raise InputError(f"Brugeren {user.username!r} er deaktiveret / the user is disabled.")
    return Actor(
        role=user.role, user=f"{user.username} ({operator.user})", municipality=user.municipality
    )


def load_municipalities(load: dict[str, Any]) -> list[str]:
    """The municipalities a load delivered (the ledger keeps them comma-separated)."""
    return [m.strip() for m in str(load.get("municipality") or "").split(",") if m.strip()]


def _resources(kind: str, load: dict[str, Any]) -> list[str]:
    # A load without a known municipality belongs to no one's analysts: ":" matches no actor.
    return [f"{kind}:{load['dataset']}:{m}" for m in load_municipalities(load) or [""]]


def may_read(actor: Actor, kind: str, load: dict[str, Any]) -> bool:
    """May the actor read this load's quarantine (kind "quarantine") or samples ("samples")?
    Only when they may for every municipality in it."""
    return all(is_allowed(actor, "read", r) for r in _resources(kind, load))


def _check(actor: Actor, kind: str, load: dict[str, Any]) -> None:
    for resource in _resources(kind, load):
        check(actor, "read", resource)


def _audit(
    db: Database,
    actor: Actor,
    kind: str,
    load: dict[str, Any],
    why: str,
    rows: int,
    audit: AuditLog | None,
) -> None:
    log = audit or AuditLog(db)
    for m in load_municipalities(load):
        resource = f"{kind}:{load['dataset']}:{m}"
        log.record(actor, RowRead(load["dataset"], m, why, rows, resource=resource))


def read_quarantine(
    db: Database,
    actor: Actor,
    load_id: str,
    *,
    purpose: str | None,
    limit: int = 100,
    audit: AuditLog | None = None,
) -> list[dict[str, Any]]:
    """A load's quarantined rows with the rules they fail, for its municipality's analysts and
    stewards, with a purpose; audited."""
    load = get_load(db, load_id)
    _check(actor, "quarantine", load)
    why = require_purpose(purpose)
    rows = quarantine_rows(db, load_id, limit=min(limit, MAX_ROWS))
    _audit(db, actor, "quarantine", load, why, len(rows), audit)
    return rows


def without_samples(report: Report) -> Report:
    """The report with every finding's sampled values removed (counts and row numbers stay)."""
    return dataclasses.replace(
        report, findings=[dataclasses.replace(f, sample=()) for f in report.findings]
    )


def sampled_rows(report: Report) -> int:
    return sum(len(f.sample) for f in report.findings)


def read_report(
    db: Database,
    actor: Actor,
    load_id: str,
    *,
    purpose: str | None = None,
    audit: AuditLog | None = None,
) -> tuple[dict[str, Any], Report, bool]:
    """A load's lineage and validation report: (load, report, samples shown). Without a purpose
    the samples are stripped for everyone; with one, they are shown to the municipality's
    analysts and stewards (and the read audited) and refused to anyone else."""
    load = get_load(db, load_id)
    report = load_report(db, load_id)
    if purpose is None:
        return load, without_samples(report), False
    _check(actor, "samples", load)
    why = require_purpose(purpose)
    _audit(db, actor, "samples", load, why, sampled_rows(report), audit)
    return load, report, True
