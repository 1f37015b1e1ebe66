"""The same deliveries loaded into a real PostgreSQL server (started by the tests): staging and
validation in DuckDB, the atomic swap in one PostgreSQL transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from faelled.catalog.contracts import get_contract
from faelled.engine import open_database
from faelled.ingest import ingest, list_loads, quality, quarantine_counts
from faelled.ingest import swap as swap_module
from faelled.settings import Settings

from .ingest_helpers import spells, write_csv

pytestmark = pytest.mark.postgres


def _counts(settings: Settings) -> dict[str, int]:
    with open_database(settings) as db:
        return db.row_counts()


def test_loads_replace_and_roll_back_on_postgres(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(home=tmp_path / "h", database_url=SecretStr(postgres_url))
    contract = get_contract("benefit_spells")
    rows = spells("461", 2023, 40)
    rows[4][3] = "bogus"
    first = ingest(
        settings,
        [
            write_csv(tmp_path / "a" / "461_2023.csv", rows),
            write_csv(tmp_path / "a" / "751_2023.csv", spells("751")),
        ],
        contract,
    )
    assert [(r.status, r.rows_accepted) for r in first] == [("quarantined", 39), ("loaded", 6)]
    [again] = ingest(
        settings, [write_csv(tmp_path / "b" / "461_2023.csv", spells("461", 2023, 3))], contract
    )
    assert again.rows_replaced == 39
    with open_database(settings) as db:
        t = db.table("benefit_spells")
        got = t.group_by("municipality").aggregate(n=t.count()).to_pyarrow().to_pylist()
        assert sorted((g["municipality"], g["n"]) for g in got) == [("461", 3), ("751", 6)]
        assert [c["rule"] for c in quarantine_counts(db)] == ["forbidden-value"]
        assert {q["municipality"] for q in quality(db)} == {"461", "751"}
        assert len(list_loads(db)) == 3
    before = _counts(settings)
    monkeypatch.setattr(swap_module, "_bookkeeping", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        ingest(settings, [write_csv(tmp_path / "c" / "751_2023.csv", spells("751", n=2))], contract)
    assert _counts(settings) == before
