"""A small installation for the access tests: users of every role in two municipalities and the
operator, agreements, and a `benefit_spells` table holding pseudonymised rows for both."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pyarrow as pa
import pytest
from argon2 import PasswordHasher

from faelled.access import users
from faelled.access.agreements import add_agreement
from faelled.access.policy import Actor
from faelled.engine import Database, migrate
from faelled.settings import Settings

OWN, OTHER = "851", "101"  # Aalborg, København
PASSWORD = "a long test password"
MUNICIPAL_ROLES = ("viewer", "analyst", "steward", "admin")
ROLES = ("public", *MUNICIPAL_ROLES, "operator")
OPERATOR = Actor.system("test")
# Two people in Aalborg's rows, one in København's (CPR numbers are made up and never stored).
ALICE_CPR, BOB_CPR, CARL_CPR = "010170-1234", "020280-2345", "030390-3456"
_TEST_KEY = b"a test pseudonym key"


def pseudonymise(cpr: str) -> str:
    """The tests' stand-in for ingest's keyed pseudonym (HMAC-SHA256)."""
    digits = cpr.replace("-", "")
    return hmac.new(_TEST_KEY, digits.encode(), hashlib.sha256).hexdigest()


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """argon2 at its real cost takes ~0.1 s a hash: the tests use the lowest settings."""
    monkeypatch.setattr(users, "hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield


def username(role: str, municipality: str = OWN) -> str:
    return "operator" if role == "operator" else f"{role}-{municipality}"


def seed_users(db: Database) -> None:
    for m in (OWN, OTHER):
        for role in MUNICIPAL_ROLES:
            users.add_user(
                db, OPERATOR, username(role, m), role=role, municipality=m, password=PASSWORD
            )
    users.add_user(db, OPERATOR, "operator", role="operator", municipality=None, password=PASSWORD)


def seed_agreements(db: Database) -> dict[str, str]:
    ids = {}
    for m in (OWN, OTHER):
        a = add_agreement(
            db,
            OPERATOR,
            municipality=m,
            kind="tilslutningsaftale",
            signed=date(2025, 1, 1),
            domains=["employment"],
            embargo_days=30,
        )
        ids[m] = a.id
        add_agreement(
            db,
            OPERATOR,
            municipality=m,
            kind="databehandleraftale",
            signed=date(2025, 1, 1),
            processor="Fælled-operatøren",
            sub_processors=["Hosting A/S"],
        )
    return ids


def seed_spells(db: Database) -> None:
    rows = [
        (ALICE_CPR, OWN, 2024, "kontanthjælp", date(2024, 1, 1), date(2024, 6, 30), "load-1"),
        (ALICE_CPR, OWN, 2025, "sygedagpenge", date(2025, 2, 1), None, "load-2"),
        (BOB_CPR, OWN, 2014, "a-dagpenge", date(2014, 3, 1), date(2014, 9, 1), "load-0"),
        (CARL_CPR, OTHER, 2025, "fleksjob", date(2025, 1, 1), None, "load-3"),
    ]
    table = pa.table(
        {
            "person_id": [pseudonymise(r[0]) for r in rows],
            "municipality": [r[1] for r in rows],
            "year": pa.array([r[2] for r in rows], pa.int64()),
            "benefit": [r[3] for r in rows],
            "start_date": pa.array([r[4] for r in rows], pa.date32()),
            "end_date": pa.array([r[5] for r in rows], pa.date32()),
            "_load_id": [r[6] for r in rows],  # ingest's lineage column
        }
    )
    db.backend.create_table("benefit_spells", table, overwrite=True)


def load_id(municipality: str) -> str:
    return f"load-q-{municipality}"


SAMPLE_VALUE = "kontanthjæp-med-stavefejl"  # the failing value each seeded report samples


def seed_loads(db: Database) -> None:
    """One partly quarantined load per municipality in ingest's ledger: a report whose finding
    samples the failing row, and that row in quarantine (its identifier masked, as ingest does)."""
    from faelled.ingest import store
    from faelled.validate.findings import Finding, Msg
    from faelled.validate.report import Report

    now = datetime.now(UTC)
    loads, quarantine = [], []
    for m in (OWN, OTHER):
        sample = {"row": 3, "cpr": "####", "ydelse": SAMPLE_VALUE}
        finding = Finding(
            "forbidden-value",
            "error",
            Msg("Ugyldig ydelse", "Invalid benefit"),
            "benefit",
            count=1,
            rows=(3,),
            sample=(sample,),
        )
        report = Report("benefit_spells", f"{m}_2025.csv", [finding], {"rows": 3})
        loads.append(
            {
                "load_id": load_id(m),
                "dataset": "benefit_spells",
                "contract_version": 1,
                "municipality": m,
                "partitions": "[]",
                "mode": "replace",
                "status": "accepted",
                "file_name": f"{m}_2025.csv",
                "sha256": "0" * 64,
                "size_bytes": 100,
                "format": "csv",
                "rows_read": 3,
                "rows_accepted": 2,
                "rows_quarantined": 1,
                "rows_replaced": 0,
                "actor": f"cli:loader-{m}",
                "started_at": now,
                "finished_at": now,
                "message": "",
                "report": report.to_json(),
            }
        )
        quarantine.append(
            {
                "load_id": load_id(m),
                "dataset": "benefit_spells",
                "row_number": 3,
                "reasons": "forbidden-value",
                "record": json.dumps({"person_id": "####", "benefit": SAMPLE_VALUE}),
                "quarantined_at": now,
            }
        )
    for name, rows in ((store.LOADS, loads), (store.QUARANTINE, quarantine)):
        schema = store.SCHEMAS[name].to_pyarrow()
        db.backend.insert(name, pa.Table.from_pylist(rows, schema))


def survey_definition(initiative: str, municipality: str) -> str:
    return (
        f"id: {initiative}\ntitle: Data i forvaltningen\nmunicipality: '{municipality}'\n"
        "instruments: [knoster]\nunits:\n  - id: enhed\n    name: Enheden\n"
    )


def seed_surveys(db: Database, settings: Settings) -> None:
    """One readiness-survey initiative per municipality ("survey-<m>"), with an open round."""
    from faelled.survey import admin
    from faelled.survey.instruments import catalog

    today = date.today()
    for m in (OWN, OTHER):
        text = survey_definition(f"survey-{m}", m)
        admin.create(db, catalog(settings.content_dir), text, "seed.yaml", today)
        admin.open_next_round(
            db, catalog(settings.content_dir), f"survey-{m}", closes=date(2099, 1, 1), today=today
        )


def seeded(settings: Settings) -> dict[str, str]:
    with Database(settings) as db:
        migrate(db)
        seed_users(db)
        ids = seed_agreements(db)
        seed_spells(db)
        seed_loads(db)
        seed_surveys(db, settings)
    return ids
