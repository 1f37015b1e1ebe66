"""Survey instruments: versioned item banks in YAML, in Danish and English, validated here.

Fælled ships five in `faelled/content/instruments/` (Knoster's checklist, the six core needs,
mindset from → to, data maturity, type of change); a municipality adds its own as YAML files in
`<content_dir>/instruments/`. Every file is one version of one instrument; a round pins the version
it was opened with, so later edits never change what an earlier round measured.

The five kinds share one shape — an instrument has scales, a scale has items — and differ in what
an answer is:

    kind        scales are           an answer is                         scored as
    knoster     the six elements     1–5 agreement or "don't know"        element status + headline
    needs       the six needs        1–5 agreement or "don't know"        unit × need heatmap
    mindset     the four quadrants   1–5 between two poles, twice         today → desired arrows
                                     (today and desired)
    maturity    topics               a level 1–5 of the row's five         topic × theme heatmap
                                     descriptors, plus an evidence note   (no total)
    changetype  one                  one of three options, each naming    the type most answers
                                     a type of change                     point to
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from faelled.errors import InputError, NotFound

Kind = Literal["knoster", "needs", "mindset", "maturity", "changetype"]
ChangeType = Literal["developmental", "transitional", "transformational"]
CHANGE_TYPES: tuple[ChangeType, ...] = ("developmental", "transitional", "transformational")

# Letters and digits only: the same ids then work as question codes in SurveyXact and LimeSurvey,
# which both restrict codes (docs/survey.md, "Import").
ID = r"^[a-z][a-z0-9]*$"
DONT_KNOW = "dk"  # how "don't know" travels in forms and JSON


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class Named(_Model):
    id: str = Field(pattern=ID)
    title: Text


class Option(_Model):
    type: ChangeType
    text: Text


class Item(_Model):
    id: str = Field(pattern=ID)
    text: Text | None = None  # knoster, needs, changetype: the statement or question
    left: Text | None = None  # mindset: the "from" pole (1)
    right: Text | None = None  # mindset: the "to" pole (5)
    theme: str | None = None  # maturity: the theme column this row belongs to
    levels: list[Text] | None = None  # maturity: one descriptor per level
    options: list[Option] | None = None  # changetype
    reverse: bool = False  # a low answer means a high score (agreement kinds only)


class Scale(Named):
    items: list[Item] = Field(min_length=1)
    effect: Text | None = None  # knoster: what a missing element leads to


class Symptom(_Model):
    id: str = Field(pattern=ID)
    signals: str  # the knoster element whose absence this symptom describes
    text: Text


@dataclass(frozen=True, slots=True)
class Slot:
    """One answer a respondent can give: a key, its range and whether "don't know" is allowed."""

    key: str  # "vision1", or "<item>.<aspect>" for mindset ("mindset1.today")
    item: Item
    aspect: str | None
    max: int
    dont_know: bool
    note: bool  # maturity rows take an evidence note under "<item>.note"
    optional: bool  # symptom items: asked, never needed


class Instrument(_Model):
    id: str = Field(pattern=ID)
    version: int = Field(ge=1)
    kind: Kind
    title: Text
    intro: Text
    source: str | None = None
    labels: list[Text] = []  # agreement labels, lowest first (knoster, needs)
    dont_know: Text | None = None
    outcome: Text | None = None  # knoster: what all elements present lead to
    points: int | None = Field(default=None, ge=3, le=11)  # mindset: points between the poles
    aspects: list[Named] = []  # mindset: today, desired
    levels: list[Text] = []  # maturity: the names of the levels, lowest first
    themes: list[Named] = []  # maturity
    scales: list[Scale] = Field(min_length=1)
    symptoms: list[Symptom] = []

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Instrument:
        problems = _problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def scale(self, scale_id: str) -> Scale:
        for s in self.scales:
            if s.id == scale_id:
                return s
        raise NotFound(f"{self.id} har ingen skala {scale_id!r} / has no scale {scale_id!r}.")

    def item_max(self, item: Item) -> int:
        if self.kind == "mindset":
            return self.points or 5
        if self.kind == "maturity":
            return len(item.levels or [])
        if self.kind == "changetype":
            return len(item.options or [])
        return len(self.labels)

    def slots(self) -> list[Slot]:
        out: list[Slot] = []
        for scale in self.scales:
            for item in scale.items:
                aspects = [a.id for a in self.aspects] if self.kind == "mindset" else [None]
                for aspect in aspects:
                    out.append(
                        Slot(
                            key=item.id if aspect is None else f"{item.id}.{aspect}",
                            item=item,
                            aspect=aspect,
                            max=self.item_max(item),
                            dont_know=self.dont_know is not None,
                            note=self.kind == "maturity",
                            optional=False,
                        )
                    )
        for symptom in self.symptoms:
            as_item = Item(id=symptom.id, text=symptom.text)
            out.append(
                Slot(
                    symptom.id,
                    as_item,
                    None,
                    len(self.labels),
                    self.dont_know is not None,
                    note=False,
                    optional=True,
                )
            )
        return out


def _problems(ins: Instrument) -> list[str]:
    """What keeps an instrument from being scored as its kind (empty when it fits)."""
    problems: list[str] = []
    ids = [i.id for s in ins.scales for i in s.items] + [s.id for s in ins.symptoms]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(f"item ids must be unique: {dupes}")
    scale_ids = [s.id for s in ins.scales]
    if len(set(scale_ids)) != len(scale_ids):
        problems.append("scale ids must be unique")
    items = [i for s in ins.scales for i in s.items]
    if ins.kind in ("knoster", "needs"):
        if len(ins.labels) < 3:
            problems.append(f"{ins.kind} needs at least three agreement labels")
        if any(i.text is None for i in items):
            problems.append("every item needs a text")
    if ins.kind == "knoster":
        if ins.outcome is None:
            problems.append("knoster needs an outcome (what all elements present lead to)")
        if any(s.effect is None for s in ins.scales):
            problems.append("every knoster element needs an effect")
        if any(sym.signals not in scale_ids for sym in ins.symptoms):
            problems.append("every symptom must signal one of the elements")
    elif ins.symptoms:
        problems.append("only knoster has symptom items")
    if ins.kind == "mindset":
        if ins.points is None or len(ins.aspects) < 1:
            problems.append("mindset needs points and aspects (today, desired)")
        if any(i.left is None or i.right is None for i in items):
            problems.append("every mindset item needs a left and a right pole")
    if ins.kind == "maturity":
        themes = {t.id for t in ins.themes}
        if len(ins.levels) < 3:
            problems.append("maturity needs at least three level names")
        for i in items:
            if i.theme not in themes:
                problems.append(f"{i.id}: theme must be one of {sorted(themes)}")
            if len(i.levels or []) != len(ins.levels):
                problems.append(f"{i.id}: needs one descriptor per level ({len(ins.levels)})")
    if ins.kind == "changetype":
        for i in items:
            if i.text is None or len(i.options or []) < 2:
                problems.append(f"{i.id}: needs a question text and at least two options")
    if ins.kind != "changetype" and any(i.options for i in items):
        problems.append("only changetype items have options")
    return problems


class Catalog:
    """Every known version of every instrument, shipped and the user's own."""

    def __init__(self, instruments: Iterable[Instrument]) -> None:
        self._by_ref: dict[tuple[str, int], Instrument] = {}
        for ins in instruments:
            key = (ins.id, ins.version)
            if key in self._by_ref:
                raise InputError(
                    f"Instrumentet {ins.ref} findes to gange / instrument {ins.ref} is defined "
                    "twice.",
                    hint="Giv din egen udgave et nyt versionsnummer eller et nyt id.",
                )
            self._by_ref[key] = ins

    def ids(self) -> list[str]:
        return sorted({i for i, _ in self._by_ref})

    def versions(self, instrument_id: str) -> list[int]:
        return sorted(v for i, v in self._by_ref if i == instrument_id)

    def latest(self, instrument_id: str) -> Instrument:
        versions = self.versions(instrument_id)
        if not versions:
            raise NotFound(
                f"Ukendt instrument / unknown instrument: {instrument_id!r}",
                hint="Kendte / known: " + ", ".join(self.ids()),
            )
        return self._by_ref[(instrument_id, versions[-1])]

    def get(self, instrument_id: str, version: int) -> Instrument:
        try:
            return self._by_ref[(instrument_id, version)]
        except KeyError:
            raise NotFound(
                f"Instrumentet {instrument_id}@{version} findes ikke / does not exist.",
                hint="Versioner / versions: "
                + (", ".join(map(str, self.versions(instrument_id))) or "ingen / none"),
            ) from None

    def all(self) -> list[Instrument]:
        return [self._by_ref[k] for k in sorted(self._by_ref)]


def shipped_dir() -> Path:
    return Path(str(files("faelled") / "content" / "instruments"))


def load_file(path: Path) -> Instrument:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(
            f"{path}: kan ikke læses som YAML / cannot be read as YAML: {exc}".splitlines()[0]
        ) from None
    try:
        return Instrument.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise InputError(
            f"{path}: {where}: {first['msg']}",
            hint="Se docs/survey.md for instrumenternes format / for the instrument format.",
        ) from None


def _files(content_dir: Path | None) -> tuple[tuple[Path, float], ...]:
    dirs = [shipped_dir()]
    if content_dir is not None and (content_dir / "instruments").is_dir():
        dirs.append(content_dir / "instruments")
    found = sorted(p for d in dirs for p in d.glob("*.y*ml"))
    return tuple((p, p.stat().st_mtime) for p in found)


@cache
def _catalog(stamped: tuple[tuple[Path, float], ...]) -> Catalog:
    return Catalog(load_file(p) for p, _ in stamped)


def catalog(content_dir: Path | None = None) -> Catalog:
    """Every instrument; re-read when a file changes (keyed on the files' modification times)."""
    return _catalog(_files(content_dir))


def is_valid_id(value: str) -> bool:
    return re.fullmatch(ID, value) is not None
