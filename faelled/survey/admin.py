"""Setting up a round, as one function per step. The command line calls these on the database
file — or, while `faelled serve` holds the file, the server calls them for it from its local
administrator routes (DESIGN decision 4). Each returns plain JSON-able data, so both paths give
the CLI the same answer."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from faelled.access.policy import Actor, check
from faelled.engine.database import Database
from faelled.errors import InputError
from faelled.survey.imports import FORMATS, import_export
from faelled.survey.instruments import Catalog
from faelled.survey.model import parse_initiative
from faelled.survey.store import (
    create_initiative,
    get_initiative,
    get_round,
    issue_tokens,
    open_round,
)


def setup_resource(municipality: str | None) -> str:
    """The policy's resource for setting up a municipality's initiatives (None: the operator's)."""
    return f"survey:initiatives:{municipality}" if municipality else "survey:initiatives"


def check_setup(actor: Actor, db: Database | None = None, initiative: str | None = None) -> None:
    """May the actor set up surveys at all (their own municipality's), and — given an
    initiative — this one? The first question is asked before the initiative is looked up."""
    check(actor, "admin", setup_resource(actor.municipality))
    if db is not None and initiative is not None:
        check(actor, "admin", setup_resource(get_initiative(db, initiative).municipality))


def create(db: Database, catalog: Catalog, text: str, source: str, today: date) -> dict[str, Any]:
    ini = parse_initiative(text, source)
    create_initiative(db, ini, catalog, today)
    return {"id": ini.id, "units": len(ini.units)}


def open_next_round(
    db: Database,
    catalog: Catalog,
    initiative: str,
    *,
    closes: date,
    today: date,
    title: str | None = None,
    links: int = 0,
    unit: str | None = None,
) -> dict[str, Any]:
    ini = get_initiative(db, initiative)
    target = ini.unit(unit) if unit else None  # checked before anything is written
    rnd = open_round(db, ini, catalog, closes=closes, today=today, title=title)
    tokens = issue_tokens(db, rnd, links, target) if links else []
    return {
        "round": rnd.number,
        "closes": rnd.closes.isoformat(),
        "instruments": [f"{i}@{v}" for i, v in rnd.instruments],
        "tokens": tokens,
    }


def more_links(
    db: Database,
    initiative: str,
    *,
    links: int,
    today: date,
    round_number: int | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    ini = get_initiative(db, initiative)
    target = ini.unit(unit) if unit else None
    rnd = get_round(db, initiative, round_number)
    if not rnd.is_open(today):
        raise InputError(f"Runde {rnd.number} lukkede {rnd.closes} / the round is closed.")
    return {"round": rnd.number, "tokens": issue_tokens(db, rnd, links, target)}


def import_file(
    db: Database,
    catalog: Catalog,
    data: bytes,
    name: str,
    fmt: str,
    initiative: str,
    *,
    today: date,
    round_number: int | None = None,
    unit: str | None = None,
    dont_know: str | None = None,
) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise InputError(
            f"Ukendt format / unknown format: {fmt!r}", hint="Brug / use: " + ", ".join(FORMATS)
        )
    ini = get_initiative(db, initiative)
    rnd = get_round(db, initiative, round_number)
    report = import_export(
        db,
        catalog,
        data,
        name,
        fmt,
        ini,
        rnd,
        today=today,
        unit=ini.unit(unit) if unit else None,
        dont_know=dont_know,
    )
    return {
        "round": rnd.number,
        "file": report.file,
        "rows": report.rows,
        "imported": report.imported,
        "incomplete": report.incomplete,
        "empty": report.empty,
        "columns": report.columns,
    }


def encode(data: bytes) -> str:
    """File bytes for the JSON body sent to the server."""
    return base64.b64encode(data).decode("ascii")


def decode(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise InputError(
            "Filens indhold er ikke base64 / the file content is not base64."
        ) from None
