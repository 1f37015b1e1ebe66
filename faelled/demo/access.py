"""The demo commons' people and agreements: a few municipalities' staff and the operator, with
connection and data processing agreements. The passwords are for the demo only (README)."""

from __future__ import annotations

from datetime import date

from faelled.access.agreements import add_agreement, all_agreements
from faelled.access.policy import Actor
from faelled.access.users import add_user, find_user
from faelled.engine.database import Database

DEMO_PASSWORD = "faelled-demo"  # printed in the README: a demo installation only
OPERATOR_USER = "operatoer"

# username → (role, municipality); municipalities: Aalborg, København, Odense, Aarhus.
DEMO_USERS: dict[str, tuple[str, str | None]] = {
    OPERATOR_USER: ("operator", None),
    "aalborg-analytiker": ("analyst", "851"),
    "aalborg-dataansvarlig": ("steward", "851"),
    "aalborg-leder": ("viewer", "851"),
    "aalborg-admin": ("admin", "851"),
    "kbh-analytiker": ("analyst", "101"),
    "kbh-dataansvarlig": ("steward", "101"),
    "odense-analytiker": ("analyst", "461"),
    "aarhus-leder": ("viewer", "751"),
}
# municipality → (shared domains, embargo days). Odense shares schools only; Aarhus has no
# connection agreement, so its staff see other municipalities' published figures only.
CONNECTIONS: dict[str, tuple[list[str], int]] = {
    "851": (["employment", "schools"], 30),
    "101": (["employment", "schools"], 30),
    "461": (["schools"], 60),
}
PROCESSOR = "Fælled-operatøren (demo)"
SUB_PROCESSORS = ["Hosting A/S (drift, EU)", "Backup ApS (sikkerhedskopi, EU)"]


def seed_access(db: Database) -> str:
    """Add what is missing; return a line for the demo's progress."""
    actor = Actor.system("demo")
    added_users = 0
    for username, (role, municipality) in DEMO_USERS.items():
        if find_user(db, username) is None:
            add_user(
                db, actor, username, role=role, municipality=municipality, password=DEMO_PASSWORD
            )
            added_users += 1
    existing = {(a.municipality, a.kind) for a in all_agreements(db)}
    added_agreements = 0
    for municipality in ("851", "101", "461", "751"):
        if municipality in CONNECTIONS and (municipality, "tilslutningsaftale") not in existing:
            domains, embargo = CONNECTIONS[municipality]
            add_agreement(
                db,
                actor,
                municipality=municipality,
                kind="tilslutningsaftale",
                signed=date(2025, 1, 15),
                domains=domains,
                embargo_days=embargo,
            )
            added_agreements += 1
        if (municipality, "databehandleraftale") not in existing:
            add_agreement(
                db,
                actor,
                municipality=municipality,
                kind="databehandleraftale",
                signed=date(2025, 1, 15),
                processor=PROCESSOR,
                sub_processors=SUB_PROCESSORS,
            )
            added_agreements += 1
    from faelled.access.audit import AuditLog
    from faelled.access.contracts_audit import record_contract_changes
    from faelled.catalog.contracts import load_contracts

    contracts = record_contract_changes(AuditLog(db), actor, load_contracts(db.settings))
    return (
        f"access: {added_users} user(s), {added_agreements} agreement(s) added, "
        f"{len(contracts)} contract change(s) audited"
    )
