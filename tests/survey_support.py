"""Helpers for the survey tests: a small initiative set up through the same file format and
functions a change lead uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from faelled.engine import Database, migrate, open_database
from faelled.settings import Settings
from faelled.survey.instruments import catalog
from faelled.survey.model import Initiative, Response, Round, read_initiative_file
from faelled.survey.store import create_initiative, open_round, save_responses

TODAY = date(2025, 3, 3)

INITIATIVE = """\
id: data-i-jobcentret
title: Data i jobcentret
municipality: Aalborg
instruments: [knoster, needs]
units:
  - id: jobcenter
    name: Jobcenter Aalborg
    datasets: [ydelser]
    units:
      - {id: ydelse, name: Ydelsesteamet}
      - {id: unge, name: Ungeindsatsen}
  - id: analyse
    name: Analyseenheden
    datasets: [noegletal, ydelser]
"""


@contextmanager
def database(settings: Settings) -> Iterator[Database]:
    with open_database(settings) as db:
        migrate(db)
        yield db


def write_initiative(tmp: Path, text: str = INITIATIVE) -> Path:
    path = tmp / "initiative.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def set_up(db: Database, tmp: Path, text: str = INITIATIVE) -> tuple[Initiative, Round]:
    ini = read_initiative_file(write_initiative(tmp, text))
    create_initiative(db, ini, catalog(), TODAY)
    return ini, open_round(db, ini, catalog(), closes=TODAY + timedelta(days=30), today=TODAY)


def knoster_answers(value: int) -> dict[str, int | None]:
    """Every Knoster item answered with the same value."""
    ins = catalog().get("knoster", 1)
    return {i.id: value for s in ins.scales for i in s.items}


def answers_for(rnd: Round, value: int) -> dict[str, dict[str, int | None]]:
    """Every question of the round's instruments answered from one value (1–5): agreement and
    maturity items with it, mindset today with it and desired with 5, type of change with the
    option it points to (1–2: developmental, 3: transitional, 4–5: transformational)."""
    out: dict[str, dict[str, int | None]] = {}
    for instrument_id, version in rnd.instruments:
        ins = catalog().get(instrument_id, version)
        if ins.kind == "changetype":
            option = 1 if value <= 2 else 2 if value == 3 else 3
            out[ins.id] = {s.key: option for s in ins.slots()}
        elif ins.kind == "mindset":
            out[ins.id] = {s.key: value if s.aspect == "today" else 5 for s in ins.slots()}
        else:
            out[ins.id] = {s.key: value for s in ins.slots() if not s.optional}
    return out


def respond(db: Database, rnd: Round, unit: str, values: list[int]) -> None:
    """One response per value, each answering every question of the round from that value."""
    save_responses(
        db,
        rnd,
        [Response("", unit, answers_for(rnd, v)) for v in values],
        source="test",
        today=rnd.opens,
    )
