"""Contract changes in the audit log: each time the installation starts (or the demo is built),
the contracts in force are compared with the last ones recorded, and every dataset whose contract
was added, changed or removed gets an event. Contracts are files, edited outside Fælled; this is
how their history still lands in the tamper-evident log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from faelled.access.audit import AuditLog, ContractChange
from faelled.access.policy import Actor
from faelled.catalog.contracts import Contract
from faelled.engine.database import Database
from faelled.errors import FaelledError
from faelled.settings import Settings


def fingerprint(contract: Contract) -> str:
    return hashlib.sha256(contract.model_dump_json().encode()).hexdigest()


def record_contract_changes(
    log: AuditLog, actor: Actor, contracts: Mapping[str, Contract]
) -> list[ContractChange]:
    last: dict[str, str] = {}
    for entry in log.entries(event="contract_change", newest_first=False):
        detail = json.loads(entry.detail)
        if detail["change"] == "removed":
            last.pop(detail["dataset"], None)
        else:
            last[detail["dataset"]] = detail["fingerprint"]
    changes = []
    for name in sorted(contracts):
        contract, current = contracts[name], fingerprint(contracts[name])
        if last.get(name) != current:
            change = "added" if name not in last else "changed"
            changes.append(ContractChange(name, contract.version, change, current))
    for name in sorted(set(last) - set(contracts)):
        changes.append(ContractChange(name, 0, "removed", last[name]))
    for event in changes:
        log.record(actor, event)
    return changes


def record_at_startup(db: Database, settings: Settings) -> None:
    """What the server runs as it starts; a broken user contract is reported where it is used."""
    from faelled.catalog.contracts import load_contracts

    try:
        contracts = load_contracts(settings)
    except FaelledError:
        return
    record_contract_changes(AuditLog(db), Actor.system("server"), contracts)
