"""Quality scores at ingest, timeliness above all: the newest period in a delivery decides, with
explicit dates (faelled/ingest/quality.py's docstring defines it)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import ibis
import pyarrow as pa
import pytest

from faelled.catalog.contracts import get_contract
from faelled.engine import Database
from faelled.ingest import ingest, quality, resolve_contract
from faelled.ingest.quality import DECAY_DAYS, GRACE_DAYS, period_end, scores, timeliness
from faelled.settings import Settings
from faelled.validate import Prepared, validate
from faelled.web.data_texts import DATA_TEXTS

from .ingest_helpers import spells, write_csv


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "kind", "grain", "end"),
    [
        (2024, "integer", "year", date(2024, 12, 31)),
        (202402, "integer", "month", date(2024, 2, 29)),
        (202412, "integer", "month", date(2024, 12, 31)),
        (date(2024, 12, 1), "date", "month", date(2024, 12, 31)),  # home care: a month's 1st
        (date(2024, 3, 9), "date", "year", date(2024, 12, 31)),
        (date(2024, 3, 9), "date", "date", date(2024, 3, 9)),
        (date(2023, 9, 1), "date", "school_year", date(2024, 7, 31)),
        (date(2024, 3, 1), "date", "school_year", date(2024, 7, 31)),
        ("2023/24", "text", "school_year", date(2024, 7, 31)),
        ("2024-02", "text", "month", date(2024, 2, 29)),
        ("2024-02-10", "text", "date", date(2024, 2, 10)),
        ("2024", "text", "year", date(2024, 12, 31)),
        ("ukendt", "text", "year", None),
        (None, "integer", "year", None),
    ],
)
def test_the_end_of_a_period(value: object, kind: str, grain: str, end: date | None) -> None:
    assert period_end(value, kind, grain) == end


def test_timeliness_is_full_for_the_grace_period_then_falls_to_zero() -> None:
    end = date(2024, 12, 31)
    assert timeliness(None, _at(end)) is None
    assert timeliness(end, _at(date(2024, 6, 1))) == 1.0  # the period is not over yet
    assert timeliness(end, _at(end + timedelta(days=GRACE_DAYS))) == 1.0
    half = end + timedelta(days=GRACE_DAYS + DECAY_DAYS // 2)
    assert timeliness(end, _at(half)) == pytest.approx(1 - (DECAY_DAYS // 2) / DECAY_DAYS)
    assert timeliness(end, _at(end + timedelta(days=GRACE_DAYS + DECAY_DAYS))) == 0.0
    # 2024 data loaded on 27 November 2026, the demo's case: 696 days late, so 0.
    assert (date(2026, 11, 27) - end).days == 696
    assert timeliness(end, _at(date(2026, 11, 27))) == 0.0
    # The page's explanation names the same days.
    for lang in ("da", "en"):
        text = DATA_TEXTS["q_def_timeliness"][lang]
        assert f"{GRACE_DAYS} " in text and f"{GRACE_DAYS + DECAY_DAYS} " in text


def _backfill(years: range, municipalities: tuple[str, ...] = ("101",)) -> Prepared:
    """Benefit spells for each year and municipality, typed as staging leaves them."""
    rows = []
    for m in municipalities:
        for y in years:
            for i in range(3):
                rows.append(
                    {
                        "_row": len(rows) + 2,
                        "person_id": f"p{m}-{y}-{i}",
                        "municipality": m,
                        "year": y,
                        "benefit": "fleksjob",
                        "start_date": date(y, 1, i + 1),
                        "end_date": None,
                        "comment": None,
                    }
                )
    schema = pa.schema(
        [
            ("_row", pa.int64()),
            ("person_id", pa.string()),
            ("municipality", pa.string()),
            ("year", pa.int64()),
            ("benefit", pa.string()),
            ("start_date", pa.date32()),
            ("end_date", pa.date32()),
            ("comment", pa.string()),
        ]
    )
    table = ibis.duckdb.connect().create_table("t", pa.Table.from_pylist(rows, schema=schema))
    return Prepared(table, get_contract("benefit_spells"), expected_municipality=None)


def _timeliness(prep: Prepared, loaded: date) -> dict[str, float | None]:
    out = scores(
        validate(prep), prep.contract, "L1", fallback_municipality=None, loaded_at=_at(loaded)
    )
    return {q["municipality"]: q["timeliness"] for q in out}


def test_a_backfill_is_judged_on_its_newest_period_only() -> None:
    history = _backfill(range(2020, 2025))
    # Loaded in February 2025: 2024 is 46 days old, on time — though 2020 is five years old.
    assert _timeliness(history, date(2025, 2, 15)) == {"101": 1.0}
    assert _timeliness(_backfill(range(2020, 2021)), date(2025, 2, 15)) == {"101": 0.0}
    # Half a decay later, half; the demo's date (2024 data in November 2026), 0.
    assert _timeliness(history, date(2025, 9, 29))["101"] == pytest.approx(0.5, abs=0.01)
    assert _timeliness(history, date(2026, 11, 27)) == {"101": 0.0}


def test_each_municipality_in_a_delivery_is_judged_on_its_own_newest_period() -> None:
    both = _backfill(range(2020, 2025), ("101", "851"))
    only_old = both.table.filter(~((both.table.municipality == "851") & (both.table.year >= 2023)))
    prep = Prepared(only_old, both.contract, expected_municipality=None)
    assert _timeliness(prep, date(2025, 2, 15)) == {"101": 1.0, "851": 0.0}


def test_a_backfill_loaded_today_is_on_time_when_its_newest_year_is_recent(
    settings: Settings, tmp_path: Path
) -> None:
    """The demo's way — all history in one delivery, loaded now — through the real ingest:
    ending with this year it is on time; ending in 2024 it is late (in November 2026)."""
    contract = resolve_contract(settings, "benefit_spells", None)
    this_year = datetime.now(UTC).year
    recent = [row for y in range(2020, this_year + 1) for row in spells("101", y, n=4)]
    old = [row for y in range(2020, 2025) for row in spells("851", y, n=4)]
    for name, rows in (("101_all.csv", recent), ("851_all.csv", old)):
        [result] = ingest(settings, [write_csv(tmp_path / name, rows)], contract)
        assert result.status == "loaded", result.message
    with Database(settings, read_only=True) as db:
        got = {q["municipality"]: q for q in quality(db)}
    assert got["101"]["timeliness"] == 1.0
    assert got["101"]["score"] == pytest.approx(1.0)
    # 2024 ended more than 455 days ago since April 2026: late, however much history comes along.
    assert got["851"]["timeliness"] == 0.0
