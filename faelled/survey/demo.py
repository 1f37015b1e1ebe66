"""The demo commons' change initiatives: three municipalities, each with a unit hierarchy and two
rounds of synthetic, seeded answers, so every chart has something to show — including a unit too
small to show, a sibling hidden to protect it, improvements and declines between the rounds.

The answers are drawn from per-unit latent levels plus person and item noise, so scales hang
together (Cronbach's α is realistic) and each run builds exactly the same data."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from faelled.engine.database import Database
from faelled.survey.instruments import CHANGE_TYPES, Catalog, Instrument
from faelled.survey.model import Answers, Initiative, Notes, Response, Unit
from faelled.survey.store import (
    create_initiative,
    initiatives,
    issue_tokens,
    open_round,
    save_responses,
)

SEED = 20230915
ALL = ("knoster", "needs", "mindset", "maturity", "changetype")


@dataclass(frozen=True)
class _Plan:
    initiative: Initiative
    sizes: dict[str, tuple[int, int]]  # unit → respondents attached directly, round 1 and 2
    level: float  # the organisation's general readiness (1–5)
    scale_level: dict[str, float] = field(default_factory=dict)  # deviations per scale
    shift: dict[str, float] = field(default_factory=dict)  # change per scale from round 1 to 2
    types: tuple[float, float, float] = (0.3, 0.4, 0.3)  # developmental, transitional, transform.


def _plans() -> list[_Plan]:
    u = Unit
    return [
        _Plan(
            Initiative(
                "data-i-jobcentret",
                "Datadrevet beskæftigelsesindsats",
                "Jobcentret skal bruge data om ydelser og aktiviteter til at få flere i job.",
                "851",
                ALL,
                (
                    u("jobcenter", "Jobcenter Aalborg", None, ("ydelser", "aktiviteter")),
                    u("ydelse", "Ydelsesteamet", "jobcenter", ("ydelser",)),
                    u("virksomhed", "Virksomhedsservice", "jobcenter"),
                    u("unge", "Ungeindsatsen", "jobcenter"),
                    u("analyse", "Analyseenheden", None, ("noegletal",)),
                ),
            ),
            {
                "jobcenter": (4, 3),
                "ydelse": (12, 13),
                "virksomhed": (9, 10),
                "unge": (7, 8),
                "analyse": (3, 3),
            },
            level=3.1,
            scale_level={"vision": 0.5, "resources": -0.5, "actionplan": -0.6, "control": -0.4},
            shift={"vision": 0.4, "actionplan": 0.9, "resources": -0.8, "safety": -0.6},
            types=(0.15, 0.35, 0.5),
        ),
        _Plan(
            Initiative(
                "faelles-skoledata",
                "Fælles skoledata",
                "Skolerne deler data om trivsel, fravær og karakterer for at handle tidligere.",
                "751",
                ("knoster", "needs", "maturity", "changetype"),
                (
                    u("boern-unge", "Børn og Unge", None, ("skole",)),
                    u("skoler-nord", "Skoler Nord", "boern-unge"),
                    u("skoler-syd", "Skoler Syd", "boern-unge"),
                    u("ppr", "PPR", "boern-unge"),
                ),
            ),
            {"boern-unge": (2, 3), "skoler-nord": (14, 15), "skoler-syd": (11, 12), "ppr": (4, 4)},
            level=3.4,
            scale_level={"consensus": -0.8, "skills": -0.5, "status": -0.8, "fairness": -0.6},
            shift={"consensus": 0.5, "skills": 0.6, "fairness": 0.4},
            types=(0.2, 0.5, 0.3),
        ),
        _Plan(
            Initiative(
                "et-faelles-esdh",
                "Ét fælles sags- og dokumentsystem",
                "Forvaltningerne går fra lokale systemer til ét fælles system og én fælles proces.",
                "630",
                ("knoster", "needs", "mindset"),
                (
                    u("it", "IT og Digitalisering", None, ("personale",)),
                    u("borgerservice", "Borgerservice", None),
                    u("teknik-miljo", "Teknik og Miljø", None),
                ),
            ),
            {"it": (8, 9), "borgerservice": (10, 11), "teknik-miljo": (6, 7)},
            level=3.4,
            scale_level={"incentives": -0.7, "inclusion": -0.5, "competence": -0.4},
            shift={"incentives": -0.5, "inclusion": -0.4, "vision": 0.3},
            types=(0.1, 0.6, 0.3),
        ),
    ]


_NOTES = [
    "Vi har et fast dashboard, men det bruges mest af lederne.",
    "Datakvaliteten drøftes på teammøderne hver måned.",
    "Vi mangler en fast dataejer for udtrækket.",
    "Deling sker stadig mest med regneark på mail.",
    "Nøgletallene sammenlignes med andre kommuner hvert kvartal.",
]


def _likert(rng: random.Random, latent: float, top: int = 5) -> int | None:
    if rng.random() < 0.05:
        return None  # "don't know"
    return max(1, min(top, round(latent + rng.gauss(0, 0.6))))


def _respond(
    rng: random.Random, ins: Instrument, plan: _Plan, unit_offset: float, round_no: int
) -> tuple[dict[str, int | None], dict[str, str]]:
    answers: dict[str, int | None] = {}
    notes: dict[str, str] = {}
    person = rng.gauss(0, 0.5)

    def level(scale_id: str) -> float:
        shift = plan.shift.get(scale_id, 0.0) if round_no == 2 else 0.0
        return plan.level + plan.scale_level.get(scale_id, 0.0) + shift + unit_offset + person

    def put(key: str, value: int | None) -> None:
        if rng.random() >= 0.03:  # now and then a question is skipped
            answers[key] = value

    if ins.kind in ("knoster", "needs"):
        for scale in ins.scales:
            for item in scale.items:
                put(item.id, _likert(rng, level(scale.id)))
        for sym in ins.symptoms:  # a symptom is likelier where its element is weak
            put(sym.id, _likert(rng, 6 - level(sym.signals)))
    elif ins.kind == "mindset":
        lift = 0.4 if round_no == 2 else 0.0
        for scale in ins.scales:
            for item in scale.items:
                put(f"{item.id}.today", _likert(rng, 2.2 + lift + unit_offset + person))
                put(f"{item.id}.desired", _likert(rng, 4.3 + person / 2))
    elif ins.kind == "maturity":
        for n, scale in enumerate(ins.scales):
            for m, item in enumerate(scale.items):
                base = 1.8 + 0.5 * n + 0.3 * (m % 2) + (0.3 if round_no == 2 else 0.0)
                put(item.id, _likert(rng, base + unit_offset + person / 2))
                if rng.random() < 0.12:
                    notes[item.id] = rng.choice(_NOTES)
    elif ins.kind == "changetype":
        for item in (i for s in ins.scales for i in s.items):
            picked = rng.choices(CHANGE_TYPES, weights=plan.types)[0]
            put(item.id, [o.type for o in item.options or []].index(picked) + 1)
    return answers, notes


def build_demo_surveys(
    db: Database, catalog: Catalog, today: date, progress: Callable[[str], None]
) -> list[str]:
    """Create the demo initiatives that are not there yet; return the ids created."""
    existing = {i.id for i in initiatives(db)}
    created = []
    for plan in _plans():
        ini = plan.initiative
        if ini.id in existing:
            continue
        rng = random.Random(f"{SEED}:{ini.id}")
        create_initiative(db, ini, catalog, today - timedelta(days=200))
        offsets = {u.id: rng.gauss(0, 0.35) for u in ini.units}
        for round_no, opens, closes in (
            (1, today - timedelta(days=190), today - timedelta(days=160)),
            (2, today - timedelta(days=10), today + timedelta(days=20)),
        ):
            rnd = open_round(db, ini, catalog, closes=closes, today=opens)
            responses = []
            for unit_id, sizes in plan.sizes.items():
                for _ in range(sizes[round_no - 1]):
                    answers: Answers = {}
                    notes: Notes = {}
                    for instrument_id, version in rnd.instruments:
                        ins = catalog.get(instrument_id, version)
                        a, n = _respond(rng, ins, plan, offsets[unit_id], round_no)
                        answers[ins.id] = a
                        if n:
                            notes[ins.id] = n
                    responses.append(Response("", unit_id, answers, notes))
            save_responses(db, rnd, responses, source="demo", today=opens + timedelta(days=7))
        # A few links for the open round, the same each time, so the form can be tried.
        links = issue_tokens(db, rnd, 3, None, rng=rng)
        progress(f"survey: {ini.title} — prøv svarformularen / try the form: /survey/r/{links[0]}")
        created.append(ini.id)
    return created
