"""The audit log is append-only and tamper-evident: `faelled audit verify` names any row that was
edited or deleted by hand, and passes an untouched log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faelled.access.audit import AuditLog, Export, RowRead, SignIn, UserChange
from faelled.access.policy import Actor
from faelled.engine import Database, migrate
from faelled.settings import Settings

from .conftest import run_cli

ANALYST = Actor(role="analyst", user="ana", municipality="851")


def _log_with_rows(settings: Settings, n: int = 5) -> None:
    with Database(settings) as db:
        migrate(db)
        log = AuditLog(db)
        for i in range(n):
            log.record(ANALYST, RowRead("benefit_spells", "851", f"kvalitetstjek {i}", rows=i))


@pytest.fixture
def log(settings: Settings) -> AuditLog:
    db = Database(settings)
    migrate(db)
    return AuditLog(db)


def test_events_are_stored_with_who_what_why(log: AuditLog) -> None:
    log.record(ANALYST, RowRead("benefit_spells", "851", "kvalitetstjek", rows=12))
    log.record(Actor.public(), SignIn("bo", False, "bad_password"))
    newest, oldest = log.entries()
    assert (oldest.seq, oldest.event, oldest.actor_user, oldest.resource, oldest.purpose) == (
        1,
        "row_read",
        "ana",
        "rows:benefit_spells:851",
        "kvalitetstjek",
    )
    assert json.loads(oldest.detail) == {"dataset": "benefit_spells", "rows": 12, "subject": None}
    assert (newest.event, newest.actor_role, json.loads(newest.detail)["success"]) == (
        "sign_in",
        "public",
        False,
    )
    assert newest.prev_mac == oldest.mac
    assert log.verify().ok


def test_a_municipality_sees_its_users_and_data(log: AuditLog) -> None:
    log.record(ANALYST, RowRead("benefit_spells", "851", "kvalitetstjek", rows=1))
    log.record(Actor(role="analyst", user="kim", municipality="101"), Export("kpi:x", "csv", 3))
    log.record(Actor.system("ops"), UserChange("ana", "disabled", municipality="851"))
    assert [e.actor_user for e in log.entries(municipality="851")] == ["ops", "ana"]
    assert [e.actor_user for e in log.entries(municipality="101")] == ["kim"]


def test_the_chain_depends_on_the_key(settings: Settings) -> None:
    """Someone who can write the database but lacks the key cannot rebuild a valid chain."""
    _log_with_rows(settings, 2)
    with Database(settings) as db:
        assert AuditLog(db).verify().ok
        forged = AuditLog(db, key=b"x" * 32)
        assert not forged.verify().ok


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("UPDATE audit_log SET purpose = 'noget andet' WHERE seq = 3", "række 3: ændret"),
        ("UPDATE audit_log SET actor_user = 'someone' WHERE seq = 1", "række 1: ændret"),
        (
            "UPDATE audit_log SET occurred_at = occurred_at - INTERVAL 1 DAY WHERE seq = 5",
            "række 5: ændret",
        ),
        ("DELETE FROM audit_log WHERE seq = 2", "row 2: slettet / deleted"),
        ("DELETE FROM audit_log WHERE seq = 5", "row(s) 5: slettet fra enden"),
        ("DELETE FROM audit_log WHERE seq >= 4", "row(s) 4–5: slettet fra enden"),
        ("DELETE FROM audit_log WHERE seq = 1", "row 1: slettet / deleted"),
        ("UPDATE audit_log SET seq = seq - 1 WHERE seq > 3", "række 3: ændret"),
    ],
)
def test_verify_names_the_row_after_a_manual_edit(settings: Settings, sql: str, named: str) -> None:
    _log_with_rows(settings)
    if "seq - 1" in sql:
        sql = "DELETE FROM audit_log WHERE seq = 3; " + sql  # renumber after deleting row 3
    with Database(settings) as db:
        assert AuditLog(db).verify().ok
        db.raw_sql(sql)
        result = AuditLog(db).verify()
    assert not result.ok
    assert any(named in p.message for p in result.problems), result.problems


def test_the_verify_command_fails_after_an_edit_and_passes_before(
    settings: Settings, home: Path
) -> None:
    _log_with_rows(settings)
    assert run_cli("audit", "verify", home=home).returncode == 0
    with Database(settings) as db:
        db.raw_sql("UPDATE audit_log SET purpose = 'skjult' WHERE seq = 2")
    proc = run_cli("audit", "verify", home=home, check=False)
    assert proc.returncode == 1
    assert "række 2: ændret / row 2 was edited" in proc.stderr
    assert "tampered" in proc.stderr


def test_verify_passes_an_untouched_log_and_prints_its_head(settings: Settings, home: Path) -> None:
    _log_with_rows(settings, 3)
    proc = run_cli("audit", "verify", "--json", home=home)
    result = json.loads(proc.stdout)
    assert result["ok"] is True and result["problems"] == []
    # Verifying is itself no event, but the CLI's other commands are audited.
    assert result["rows"] == 3 and result["head"].startswith("3:")


def test_a_forged_head_file_is_detected(settings: Settings) -> None:
    _log_with_rows(settings, 2)
    head = settings.home / "audit.head"
    data = json.loads(head.read_text())
    data["seq"] = 1
    head.write_text(json.dumps(data))
    with Database(settings) as db:
        problems = AuditLog(db).verify().problems
    assert [p.message for p in problems] == ["audit.head er ændret / the head file was edited"]


def test_export_is_audited_and_has_every_row(settings: Settings, home: Path) -> None:
    _log_with_rows(settings, 3)
    out = home.parent / "audit.csv"
    run_cli("audit", "export", "--output", str(out), home=home)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("seq,occurred_at,event,actor_user")
    assert len(lines) == 4
    with Database(settings) as db:
        newest = AuditLog(db).entries(limit=1)[0]
        assert (newest.event, newest.resource) == ("export", "audit")
        assert AuditLog(db).verify().ok


def test_contract_changes_are_audited(settings: Settings, tmp_path: Path) -> None:
    from faelled.access.contracts_audit import record_contract_changes
    from faelled.catalog.contracts import load_contracts

    with Database(settings) as db:
        migrate(db)
        log = AuditLog(db)
        shipped = load_contracts()
        first = record_contract_changes(log, Actor.system("t"), shipped)
        assert {c.change for c in first} == {"added"} and len(first) == len(shipped)
        assert record_contract_changes(log, Actor.system("t"), shipped) == []  # nothing new
        changed = dict(shipped)
        name = sorted(changed)[0]
        changed[name] = changed[name].model_copy(update={"retention_years": 3})
        del changed[sorted(changed)[1]]
        later = record_contract_changes(log, Actor.system("t"), changed)
        assert sorted((c.dataset, c.change) for c in later) == sorted(
            [(name, "changed"), (sorted(shipped)[1], "removed")]
        )
        assert log.verify().ok
