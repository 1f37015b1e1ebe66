"""What a survey is about: a change initiative, the organisational units it touches (a
hierarchy), its rounds over time, and the anonymous responses each round collects.

A change lead describes an initiative in a small YAML file (`faelled survey create FILE`):

    id: data-i-jobcentret
    title: Data i jobcentret
    municipality: Aalborg            # a name or a code; optional
    instruments: [knoster, needs, mindset, maturity, changetype]
    units:
      - id: jobcenter
        name: Jobcenter Aalborg
        datasets: [ydelser]          # the datasets this unit owns (its data-quality contribution)
        units:
          - {id: ydelse, name: Ydelsesteamet}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from faelled.errors import InputError, NotFound

SLUG = r"^[a-z0-9][a-z0-9-]{0,62}$"  # in URLs, so lower-case letters, digits and hyphens
ROOT = "_all"  # the whole initiative as a group; cannot collide with a slug


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    parent: str | None
    datasets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Initiative:
    id: str
    title: str
    description: str
    municipality: str | None  # 3-digit code
    instruments: tuple[str, ...]
    units: tuple[Unit, ...]

    def unit(self, unit_id_or_name: str) -> Unit:
        wanted = unit_id_or_name.strip().casefold()
        for u in self.units:
            if wanted in (u.id, u.name.casefold()):
                return u
        raise NotFound(
            f"{self.id} har ingen enhed {unit_id_or_name!r} / has no unit {unit_id_or_name!r}.",
            hint="Enheder / units: " + ", ".join(u.id for u in self.units),
        )

    def parents(self) -> dict[str, str]:
        """Each unit's parent group; top-level units hang under the whole initiative (ROOT)."""
        return {u.id: u.parent or ROOT for u in self.units}


@dataclass(frozen=True, slots=True)
class Round:
    initiative: str
    number: int
    title: str
    opens: date
    closes: date
    instruments: tuple[tuple[str, int], ...]  # (instrument id, version), in form order

    def is_open(self, today: date) -> bool:
        return self.opens <= today <= self.closes


Answers = dict[str, dict[str, int | None]]  # instrument → slot key → value (None: "don't know")
Notes = dict[str, dict[str, str]]  # instrument → slot key → evidence note


@dataclass(slots=True)
class Response:
    id: str
    unit: str
    answers: Answers = field(default_factory=dict)
    notes: Notes = field(default_factory=dict)

    def of(self, instrument: str) -> Mapping[str, int | None]:
        return self.answers.get(instrument, {})


# --- the definition file -------------------------------------------------------------------------


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnitSpec(_Spec):
    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    datasets: list[str] = []
    units: list[UnitSpec] = []


class InitiativeSpec(_Spec):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    description: str = ""
    municipality: str | int | None = None
    instruments: list[str] = Field(min_length=1)
    units: list[UnitSpec] = Field(min_length=1)

    def to_initiative(self) -> Initiative:
        from faelled.reference import resolve

        units: list[Unit] = []

        def walk(specs: list[UnitSpec], parent: str | None) -> None:
            for s in specs:
                units.append(Unit(s.id, s.name, parent, tuple(s.datasets)))
                walk(s.units, s.id)

        walk(self.units, None)
        ids = [u.id for u in units]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise InputError(f"Enheds-id'er skal være unikke / unit ids must be unique: {dupes}")
        municipality = None if self.municipality is None else resolve(str(self.municipality))
        return Initiative(
            self.id,
            self.title,
            self.description,
            municipality,
            tuple(self.instruments),
            tuple(units),
        )


def read_initiative_file(path: Path) -> Initiative:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: kan ikke læses / cannot be read: {exc}".splitlines()[0]
        ) from None
    return parse_initiative(text, str(path))


def parse_initiative(text: str, source: str) -> Initiative:
    """An initiative from the YAML text of its file; `source` names the file in messages."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(
            f"{source}: ikke gyldig YAML / not valid YAML: {exc}".splitlines()[0]
        ) from None
    try:
        return InitiativeSpec.model_validate(raw).to_initiative()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        problem = (
            f"{first['input']!r} skal være små bogstaver, tal og bindestreger / must be lower-case "
            "letters, digits and hyphens"
            if first["type"] == "string_pattern_mismatch"
            else first["msg"]
        )
        raise InputError(
            f"{source}: {where}: {problem}",
            hint="Se eksemplet i docs/survey.md / see the example in docs/survey.md.",
        ) from None
