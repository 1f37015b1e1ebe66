"""The data subject's right of access (GDPR art. 15): a steward enters a CPR number and gets
which datasets hold rows about that person, the rows themselves, the loads they came from, and
which accesses touched them.

The CPR number never reaches the database, a log or an error message: it is turned into the
installation's keyed pseudonym at once (the same function ingest uses), and only the pseudonym is
searched for and audited. The pseudonym function is injected (`Pseudonymise`), so this report
depends on nothing but its signature.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from faelled.access.audit import AuditLog, Entry, SubjectAccess
from faelled.access.policy import Actor, check
from faelled.access.rows import municipality_column
from faelled.catalog.contracts import Contract
from faelled.engine.database import Database
from faelled.errors import InputError
from faelled.settings import Settings

Pseudonymise = Callable[[str], str]
_CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})$")
# Tables where ingest may keep the lineage of loads (one row per load, keyed by load_id).
LINEAGE_TABLES = ("loads", "ingest_loads")


def normalise_cpr(text: str) -> str:
    """Ten digits, "ddmmyy-xxxx" or "ddmmyyxxxx"; the error never repeats the input."""
    match = _CPR.match(text.strip().replace(" ", ""))
    valid = False
    if match:
        day, month = int(match[1]), int(match[2])
        # Substitute numbers (erstatningspersonnumre) add 60 to the day.
        valid = 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)
    if not match or not valid:
        raise InputError(
            "Det er ikke et gyldigt CPR-nummer / not a valid CPR number.",
            hint="Skriv 10 cifre, fx ddmmåå-xxxx.",
        )
    return "".join(match.groups())


@dataclass
class DatasetRows:
    dataset: str
    title: str
    identifier: str  # the column holding the pseudonym
    rows: list[dict[str, Any]]
    loads: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SubjectReport:
    municipality: str
    generated_at: datetime
    generated_by: str | None
    subject: str  # the pseudonym the search used
    datasets: list[DatasetRows]
    accesses: list[dict[str, Any]]
    unsearched: list[dict[str, str]] = field(default_factory=list)
    quarantined: list[dict[str, Any]] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        def jsonable(value: Any) -> Any:
            return value.isoformat() if isinstance(value, date | datetime) else value

        return {
            "municipality": self.municipality,
            "generated_at": self.generated_at.isoformat(),
            "generated_by": self.generated_by,
            "subject": self.subject,
            "datasets": [
                {
                    "dataset": d.dataset,
                    "title": d.title,
                    "identifier": d.identifier,
                    "rows": [{k: jsonable(v) for k, v in r.items()} for r in d.rows],
                    "loads": [{k: jsonable(v) for k, v in r.items()} for r in d.loads],
                }
                for d in self.datasets
            ],
            "accesses": self.accesses,
            "unsearched": self.unsearched,
            "quarantined": [{k: jsonable(v) for k, v in r.items()} for r in self.quarantined],
        }


# Where ingest keeps lineage: `loads` (one row per load) and, in every dataset table, `_load_id`.
LINEAGE_COLUMNS = ("_load_id", "load_id")
LOAD_FIELDS = ("load_id", "dataset", "file_name", "sha256", "status", "started_at", "finished_at")


def _loads(db: Database, load_ids: list[Any]) -> list[dict[str, Any]]:
    """The loads the rows came from: their lineage where ingest recorded it, else the id."""
    found: dict[Any, dict[str, Any]] = {}
    for name in LINEAGE_TABLES:
        if db.has_table(name) and "load_id" in db.table(name).columns:
            t = db.table(name)
            fields = [f for f in LOAD_FIELDS if f in t.columns]
            for row in t.filter(t.load_id.isin(load_ids)).select(fields).to_pyarrow().to_pylist():
                found[row["load_id"]] = row
            break
    return [found.get(i, {"load_id": i}) for i in load_ids]


def _quarantined(db: Database, subject: str, municipality: str) -> list[dict[str, Any]]:
    """Rows about the person that ingest set aside in quarantine (the record holds the pseudonym),
    from loads of the steward's municipality."""
    if not (db.has_table("quarantine") and db.has_table("loads")):
        return []
    q, loads = db.table("quarantine"), db.table("loads")
    if not {"record", "load_id"} <= set(q.columns) or "municipality" not in loads.columns:
        return []
    own = loads.filter(
        (loads.municipality == municipality)
        | loads.municipality.contains(municipality + ",")
        | loads.municipality.endswith("," + municipality)
    ).select("load_id")
    hits = q.filter(q.record.contains(subject) & q.load_id.isin(own.load_id))
    fields = [
        f for f in ("dataset", "load_id", "row_number", "reasons", "record") if f in q.columns
    ]
    rows: list[dict[str, Any]] = hits.select(fields).to_pyarrow().to_pylist()
    return rows


def subject_access_report(
    db: Database,
    actor: Actor,
    cpr: str,
    *,
    pseudonymise: Pseudonymise,
    contracts: list[Contract],
    audit: AuditLog | None = None,
) -> SubjectReport:
    """The report for one person's rows in the steward's own municipality."""
    municipality = actor.municipality or ""
    check(actor, "read", f"subject:{municipality}")
    try:
        subject = pseudonymise(normalise_cpr(cpr))
    except ValueError:  # the pseudonym function's own stricter check; the value is not repeated
        raise InputError(
            "Det er ikke et gyldigt CPR-nummer / not a valid CPR number.",
            hint="Skriv 10 cifre, fx ddmmåå-xxxx.",
        ) from None
    found: list[DatasetRows] = []
    unsearched: list[dict[str, str]] = []
    for contract in contracts:
        ids = [c.name for c in contract.identifier_columns]
        if not ids or not db.has_table(contract.name):
            continue
        t = db.table(contract.name)
        ids = [c for c in ids if c in t.columns]
        column = municipality_column(contract)
        if not ids or column is None or column not in t.columns:
            # Rows that cannot be told apart by municipality are not shown to one municipality's
            # steward; the report says which datasets it could not search, so it is not read as
            # "no data about you".
            unsearched.append({"dataset": contract.name, "reason": "no identifier or municipality"})
            continue
        where = t[ids[0]] == subject
        for other in ids[1:]:
            where = where | (t[other] == subject)
        where = where & (t[column] == municipality)
        rows: list[dict[str, Any]] = t.filter(where).to_pyarrow().to_pylist()
        if not rows:
            continue
        lineage = next((c for c in LINEAGE_COLUMNS if c in t.columns), None)
        load_ids = (
            sorted({r[lineage] for r in rows if r.get(lineage) is not None}) if lineage else []
        )
        found.append(
            DatasetRows(
                dataset=contract.name,
                title=contract.title.da,
                identifier=ids[0],
                rows=rows,
                loads=_loads(db, load_ids) if load_ids else [],
            )
        )
    log = audit or AuditLog(db)
    touched = {f"rows:{d.dataset}:{municipality}" for d in found}

    def touched_them(entry: Entry) -> bool:
        detail = json.loads(entry.detail)
        if entry.event == "subject_access":
            return bool(detail.get("subject") == subject)
        if entry.event in ("row_read", "export") and entry.resource in touched:
            # A read of the whole partition touched everyone in it; a read of one person only them.
            return detail.get("subject") in (None, subject)
        return False

    accesses = [
        e.public()
        for e in log.entries(municipality=municipality, newest_first=False)
        if touched_them(e)
    ]
    log.record(
        actor,
        SubjectAccess(
            subject=subject,
            municipality=municipality,
            datasets=tuple(d.dataset for d in found),
            rows=sum(len(d.rows) for d in found),
        ),
    )
    return SubjectReport(
        municipality=municipality,
        generated_at=datetime.now(UTC),
        generated_by=actor.user,
        subject=subject,
        datasets=found,
        accesses=accesses,
        unsearched=unsearched,
        quarantined=_quarantined(db, subject, municipality),
    )


def installation_pseudonymiser(settings: Settings) -> Pseudonymise | None:
    """The installation's pseudonym function, from the ingest module, when it is installed.

    Looked up by name (`faelled.ingest.pseudonym.Pseudonymiser.for_settings(settings)
    .pseudonym`) so that this report ships independently of ingest; without it there is no report
    (never a silent "no data about you")."""
    import importlib

    try:
        module = importlib.import_module("faelled.ingest.pseudonym")
    except ImportError:
        return None
    factory = getattr(module, "Pseudonymiser", None)
    if factory is None or not hasattr(factory, "for_settings"):
        return None
    found: Pseudonymise = factory.for_settings(settings).pseudonym
    return found
