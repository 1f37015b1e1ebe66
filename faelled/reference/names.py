"""Resolve the names and codes real files use for places to Fælled's codes.

Real extracts spell municipalities many ways: Statistics Denmark vs DAWA ("Nordfyns"/"Nordfyn"),
with or without hyphens ("Høje-Taastrup"), ASCII transliterations ("koebenhavn", "taarnby"),
"Københavns Kommune", 3- or 4-digit codes. Resolution is exact on a normalised key first, then on
a looser key (ø→o, å→a); anything ambiguous or unknown is an error with candidates, never a guess.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from faelled.errors import AmbiguousName, UnknownName
from faelled.reference.tables import reference

Kind = Literal["country", "region", "municipality", "outside"]
COUNTRY_CODE = "000"
_COUNTRY_NAMES = ("Hele landet", "Danmark", "Denmark", "Landet i alt", "Hele Danmark", "I alt")

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
_LOOSE = (("aa", "a"), ("oe", "o"), ("ae", "a"))


@dataclass(frozen=True, slots=True)
class Place:
    code: str  # municipality "101", region "1084", country "000"
    name: str
    kind: Kind


def strict_key(text: str) -> str:
    """Lower-case, Danish letters transliterated, punctuation and spaces removed;
    the words 'kommune' and 'region' dropped."""
    s = unicodedata.normalize("NFC", text).strip().lower().translate(_TRANSLIT)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"\b(kommune|kommunes|municipality|regionen|region)\b", " ", s)
    return re.sub(r"[^a-z0-9]", "", s)


def loose_key(text: str) -> str:
    s = strict_key(text)
    for a, b in _LOOSE:
        s = s.replace(a, b)
    return s


def _variants(name: str) -> set[str]:
    # "Nordfyns"/"Nordfyn", "Københavns Kommune": the genitive s comes and goes between sources.
    base = {name}
    if name.endswith("s"):
        base.add(name[:-1])
    else:
        base.add(name + "s")
    return base


@dataclass(frozen=True, slots=True)
class _Index:
    strict: dict[str, frozenset[Place]]
    loose: dict[str, frozenset[Place]]
    codes: dict[str, Place]


@cache
def _index() -> _Index:
    ref = reference()
    entries: list[tuple[Place, set[str]]] = []
    for m in ref.municipalities:
        names = {m.name, m.name_dst, m.name_komgrp} - {""}
        entries.append((Place(m.code, m.name, "municipality"), names))
    for m in ref.outside_division:
        entries.append((Place(m.code, m.name, "outside"), {m.name}))
    for r in ref.regions:
        short = r.name.removeprefix("Region ")
        entries.append((Place(r.code, r.name, "region"), {r.name, short, r.name_en}))
    entries.append((Place(COUNTRY_CODE, "Hele landet", "country"), set(_COUNTRY_NAMES)))

    strict: dict[str, set[Place]] = {}
    loose: dict[str, set[Place]] = {}
    for place, names in entries:
        for name in names:
            for v in _variants(name):
                strict.setdefault(strict_key(v), set()).add(place)
                loose.setdefault(loose_key(v), set()).add(place)
    codes: dict[str, Place] = {}
    for place, _ in entries:
        codes[place.code] = place
    for m in (*ref.municipalities, *ref.outside_division):
        codes[m.code4] = codes[m.code]
    for r in ref.regions:
        codes[r.dst_code] = codes[r.code]
        codes["0" + r.dst_code] = codes[r.code]
    codes["0"] = codes[COUNTRY_CODE]
    return _Index(
        strict={k: frozenset(v) for k, v in strict.items()},
        loose={k: frozenset(v) for k, v in loose.items()},
        codes=codes,
    )


def _pick(name: str, places: frozenset[Place]) -> Place | None:
    if not places:
        return None
    if len(places) == 1:
        return next(iter(places))
    # A name that is both a municipality's and a region's (none today) prefers the municipality.
    munis = [p for p in places if p.kind == "municipality"]
    if len(munis) == 1:
        return munis[0]
    raise AmbiguousName(name, sorted(f"{p.name} ({p.code})" for p in places))


def resolve_place(name: str | int) -> Place:
    """Resolve a municipality, region or country name or code. Raises UnknownName or
    AmbiguousName with candidates."""
    text = str(name).strip()
    idx = _index()
    if text.isascii() and text.isdigit():  # "¹" and "٣" are digits to str.isdigit, not to int()
        place = idx.codes.get(text) or idx.codes.get(str(int(text)))
        if place is None:
            raise UnknownName(text, [])
        return place
    key = strict_key(text)
    for table, k in ((idx.strict, key), (idx.loose, loose_key(text))):
        found = _pick(text, table.get(k, frozenset()))
        if found is not None:
            return found
    raise UnknownName(text, _candidates(key))


def resolve(name: str | int) -> str:
    """Resolve one of the 98 municipalities to its 3-digit code ("101")."""
    place = resolve_place(name)
    if place.kind != "municipality":
        raise UnknownName(
            str(name),
            [f"{place.name} ({place.code}) er ikke en af de 98 kommuner / not one of the 98"],
        )
    return place.code


def _candidates(key: str, n: int = 3) -> list[str]:
    idx = _index()
    close = difflib.get_close_matches(key, list(idx.strict), n=n * 3, cutoff=0.6)
    out: list[str] = []
    for k in close:
        for p in sorted(idx.strict[k], key=lambda p: p.code):
            label = f"{p.name} ({p.code})"
            if label not in out:
                out.append(label)
    return out[:n]
