"""Retention per contract (audited), the agreements command, and the CPR leak scan."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from faelled.access.audit import AuditLog
from faelled.access.policy import Actor, Forbidden
from faelled.access.store import execute
from faelled.catalog.contracts import get_contract
from faelled.engine import Database, migrate
from faelled.privacy.retention import apply_retention, cutoff_for, retention_column
from faelled.privacy.scan import scan_database, scan_files
from faelled.settings import Settings

from .access_fixtures import OPERATOR, cheap_hashing, seeded  # noqa: F401
from .conftest import run_cli


def test_benefit_spells_are_kept_by_delivery_year() -> None:
    contract = get_contract("benefit_spells")
    assert contract.retention_years == 10
    column, _ = retention_column(contract) or ("", None)
    assert column == "year"


def test_retention_deletes_only_what_has_passed_its_period(settings: Settings) -> None:
    seeded(settings)  # spells from 2014 (Bob), 2024 and 2025
    contract = get_contract("benefit_spells")
    with Database(settings) as db:
        dry = apply_retention(db, OPERATOR, [contract], today=date(2025, 6, 1), dry_run=True)
        assert (dry[0].rows_deleted, dry[0].cutoff) == (1, "2015")
        assert db.table("benefit_spells").count().execute() == 4  # a dry run deletes nothing
        (result,) = apply_retention(db, OPERATOR, [contract], today=date(2025, 6, 1))
        assert result.rows_deleted == 1
        years = sorted(db.table("benefit_spells").year.to_pyarrow().to_pylist())
        assert years == [2024, 2025, 2025]
        event = AuditLog(db).entries(event="retention", limit=1)[0]
        assert json.loads(event.detail) == {
            "column": "year",
            "cutoff": "2015",
            "dataset": "benefit_spells",
            "rows_deleted": 1,
        }
        with pytest.raises(Forbidden):
            apply_retention(db, Actor("steward", "s", "851"), [contract])


def test_retention_skips_a_table_without_its_period_column(settings: Settings) -> None:
    # A table loaded under an older contract (here: no `year`): nothing to date rows by, so
    # nothing goes, and the result names the missing column instead of failing.
    contract = get_contract("benefit_spells")
    with Database(settings) as db:
        execute(db, 'CREATE TABLE "benefit_spells" (person_id VARCHAR, municipality VARCHAR)')
        execute(db, "INSERT INTO benefit_spells VALUES ('p', '851')")
        (result,) = apply_retention(db, OPERATOR, [contract], today=date(2025, 6, 1))
        assert (result.column, result.rows_deleted, result.note) == ("year", 0, "column missing")
        assert db.table("benefit_spells").count().execute() == 1


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("integer", 2015), ("date", date(2015, 2, 28)), ("string", "2015-02")],
)
def test_cutoffs_per_kind_of_period(kind: str, expected: object) -> None:
    from faelled.catalog.contracts import ColumnType

    assert cutoff_for(ColumnType(kind), 10, date(2025, 2, 28)) == expected
    assert cutoff_for(ColumnType.date, 1, date(2024, 2, 29)) == date(2023, 2, 28)


def test_retention_by_date_on_a_table_named_after_its_contract(
    settings: Settings, tmp_path: Path
) -> None:
    """A user's contract with a date period: rows older than its retention go."""
    content = tmp_path / "content" / "contracts"
    content.mkdir(parents=True)
    (content / "home_care_visits.yaml").write_text(
        """name: home_care_visits
domain: elderly
title: {da: Hjemmeplejebesøg, en: Home-care visits}
description: {da: Besøg., en: Visits.}
columns:
  - {name: municipality, type: municipality, description: {da: Kommune, en: Municipality}}
  - {name: visit_date, type: date, description: {da: Dato, en: Date}}
period: {column: visit_date, grain: date}
partition: {columns: [municipality]}
retention_years: 5
""",
        encoding="utf-8",
    )
    custom = Settings(home=settings.home, content_dir=tmp_path / "content")
    contract = get_contract("home_care_visits", custom)
    with Database(custom) as db:
        migrate(db)
        db.backend.create_table(
            "home_care_visits",
            pa.table(
                {
                    "municipality": ["851", "851", "101"],
                    "visit_date": pa.array(
                        [date(2019, 1, 1), date(2021, 1, 1), date(2020, 6, 2)], pa.date32()
                    ),
                }
            ),
        )
        (result,) = apply_retention(db, OPERATOR, [contract], today=date(2025, 6, 1))
        assert result.rows_deleted == 1  # 2019-01-01; 2020-06-02 is kept until 2025-06-02
        assert db.table("home_care_visits").count().execute() == 2


def test_the_retention_command(settings: Settings, home: Path) -> None:
    seeded(settings)
    proc = run_cli("retention", "apply", "--today", "2025-06-01", home=home)
    assert "benefit_spells: 1 rækker / rows slettet / deleted (year < 2015)" in proc.stdout


def test_the_agreements_command(home: Path) -> None:
    run_cli(
        "agreements", "add", "-m", "Aalborg", "--kind", "databehandleraftale",
        "--signed", "2025-01-01", "--processor", "KL", "--sub-processor", "Drift A/S",
        home=home,
    )  # fmt: skip
    (agreement,) = json.loads(run_cli("agreements", "list", "--json", home=home).stdout)
    assert (agreement["municipality"], agreement["sub_processors"]) == ("851", ["Drift A/S"])
    run_cli("agreements", "end", agreement["id"], "--on", "2025-12-31", home=home)
    (ended,) = json.loads(run_cli("agreements", "list", "--json", home=home).stdout)
    assert ended["valid_to"] == "2025-12-31"
    bad = run_cli(
        "agreements", "add", "-m", "Aalborg", "--kind", "tilslutningsaftale",
        "--signed", "2025-01-01", "--domain", "astrology",
        home=home, check=False,
    )  # fmt: skip
    assert bad.returncode == 1 and "Ukendte domæner" in bad.stderr


def test_the_scan_finds_cpr_numbers_and_not_pseudonyms(settings: Settings) -> None:
    seeded(settings)  # pseudonymised rows only
    with Database(settings) as db:
        assert scan_database(db) == []
        db.backend.create_table(
            "leaky", pa.table({"note": ["ring 010170-1234 i morgen", "ok", "tlf 12345678"]})
        )
        assert [(f.where, f.count) for f in scan_database(db)] == [("leaky.note", 1)]
    (settings.home / "server.log").write_text("GET /x?cpr=0101701234\n", encoding="utf-8")
    extracts = settings.home / "extracts" / "benefit_spells"
    extracts.mkdir(parents=True)
    (extracts / "851_2025.csv").write_text("cpr\n010170-1234\n", encoding="utf-8")
    assert [(Path(f.where).name, f.count) for f in scan_files(settings.home)] == [("server.log", 1)]
