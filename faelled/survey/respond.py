"""Answering through a single-use link: open the form a token points to, check the answers, store
them once.

Answers travel as flat fields, the same in the HTML form and the JSON API:

    "<instrument>.<slot key>"   "1" … "<max>", or "dk" for "don't know"
                                e.g. knoster.vision1, mindset.culture2.today
    "<instrument>.<item>.note"  free text: maturity's evidence note, e.g. maturity.qualitylead.note
    "unit"                      the respondent's unit, when the link does not name one

A field left out is a question not answered. Anything else is refused with a message naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from faelled.engine.database import Database
from faelled.errors import Gone, InputError, NotFound
from faelled.survey.instruments import DONT_KNOW, Catalog, Instrument
from faelled.survey.model import Answers, Initiative, Notes, Response, Round, Unit
from faelled.survey.store import (
    find_token,
    get_initiative,
    get_round,
    mark_used,
    save_responses,
)

MAX_NOTE = 2000  # characters: room for evidence, not for pasting documents


@dataclass(frozen=True, slots=True)
class Form:
    initiative: Initiative
    round: Round
    unit: Unit | None  # None: the respondent picks one
    instruments: list[Instrument]
    token_hash: str


def open_form(db: Database, catalog: Catalog, token: str, today: date) -> Form:
    info = find_token(db, token)
    if info is None:
        raise NotFound(
            "Linket findes ikke / this link does not exist.",
            hint="Tjek, at hele linket er kopieret med. / Check that the whole link was copied.",
        )
    if info.used:
        raise Gone(
            "Dette link er allerede brugt – svarene er modtaget, og et link kan kun bruges én "
            "gang. / This link has already been used: the answers were received, and a link "
            "works only once.",
            hint="Har du ikke selv svaret, så kontakt den, der sendte linket. / If you did not "
            "answer yourself, contact whoever sent you the link.",
        )
    ini = get_initiative(db, info.initiative)
    rnd = get_round(db, info.initiative, info.round)
    if not rnd.is_open(today):
        raise Gone(
            f"Runden lukkede {rnd.closes.isoformat()} / the round closed on "
            f"{rnd.closes.isoformat()}.",
            hint="Svar kan ikke længere afgives. / Answers are no longer taken.",
        )
    return Form(
        ini,
        rnd,
        ini.unit(info.unit) if info.unit else None,
        [catalog.get(i, v) for i, v in rnd.instruments],
        info.token_hash,
    )


def parse_answers(
    instruments: list[Instrument], fields: Mapping[str, str | int | None]
) -> tuple[Answers, Notes]:
    slots = {f"{ins.id}.{s.key}": (ins, s) for ins in instruments for s in ins.slots()}
    notes_at = {
        f"{ins.id}.{s.key}.note": (ins, s) for ins in instruments for s in ins.slots() if s.note
    }
    answers: Answers = {}
    notes: Notes = {}
    for name, raw in fields.items():
        if name == "unit":
            continue
        value = "" if raw is None else str(raw).strip()
        if name in notes_at:
            ins, slot = notes_at[name]
            if value:
                if len(value) > MAX_NOTE:
                    raise InputError(
                        f"{name}: noten er for lang (højst {MAX_NOTE} tegn) / the note is too long."
                    )
                notes.setdefault(ins.id, {})[slot.key] = value
            continue
        if name not in slots:
            raise InputError(f"Ukendt felt / unknown field: {name!r}")
        if value == "":
            continue
        ins, slot = slots[name]
        if value == DONT_KNOW and slot.dont_know:
            answers.setdefault(ins.id, {})[slot.key] = None
            continue
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= slot.max:
            allowed = f"1–{slot.max}" + (f" eller / or {DONT_KNOW!r}" if slot.dont_know else "")
            raise InputError(
                f"{name}: {value!r} er ikke et gyldigt svar / is not a valid answer ({allowed})."
            )
        answers.setdefault(ins.id, {})[slot.key] = int(value)
    return answers, notes


def submit(
    db: Database,
    catalog: Catalog,
    token: str,
    fields: Mapping[str, str | int | None],
    today: date,
) -> Form:
    """Check and store one response, then spend the token. Nothing is stored when a check fails,
    and the token stays usable so the respondent can correct and resend."""
    form = open_form(db, catalog, token, today)
    answers, notes = parse_answers(form.instruments, fields)
    if not answers:
        raise InputError(
            "Besvar mindst ét spørgsmål / answer at least one question.",
            hint="Du kan springe spørgsmål over, men ikke dem alle. / You may skip questions, "
            "but not all of them.",
        )
    unit = form.unit
    if unit is None:
        picked = fields.get("unit")
        if not picked:
            raise InputError("Vælg din enhed / pick your unit.")
        unit = form.initiative.unit(str(picked))
    save_responses(
        db, form.round, [Response("", unit.id, answers, notes)], source="link", today=today
    )
    mark_used(db, form.token_hash)
    return form
