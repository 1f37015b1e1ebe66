"""The shipped reference tables: the 98 municipalities, 5 regions, 5 kommunegrupper, 11 landsdele.

Built from public sources by scripts/build_reference.py; read once per process.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # DAWA/DAGI 4-digit code, 1081–1085
    dst_code: str  # Statistics Denmark's code, 81–85
    name: str
    name_en: str
    nuts2: str


@dataclass(frozen=True, slots=True)
class Kommunegruppe:
    code: str  # 1–5
    name: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Landsdel:
    code: str  # 1–11
    name: str
    dst_region_code: str


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str  # 3-digit kommunekode without leading zero, "101"
    code4: str  # 4-digit DAGI code, "0101"
    name: str  # official (DAWA) name
    name_dst: str  # name as Statistics Denmark's hierarchy writes it
    name_komgrp: str  # name in Statistics Denmark's kommunegrupper classification
    region_code: str
    region_name: str
    landsdel_code: str
    landsdel_name: str
    kommunegruppe_code: str
    kommunegruppe_name: str
    lon: float
    lat: float

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}


@dataclass(frozen=True, slots=True)
class Reference:
    municipalities: tuple[Municipality, ...]
    regions: tuple[Region, ...]
    kommunegrupper: tuple[Kommunegruppe, ...]
    landsdele: tuple[Landsdel, ...]
    outside_division: tuple[Municipality, ...]  # Christiansø: known, but not one of the 98

    def municipality(self, code: str) -> Municipality:
        return _by_code()[str(int(code))]

    def region(self, code: str) -> Region:
        return next(r for r in self.regions if code in (r.code, r.dst_code))


def _rows(name: str) -> list[dict[str, str]]:
    text = files("faelled.reference").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def reference() -> Reference:
    """The reference tables, loaded once."""
    regions = tuple(Region(**r) for r in _rows("regions.csv"))
    region_name = {r.code: r.name for r in regions}
    landsdele = tuple(Landsdel(**r) for r in _rows("landsdele.csv"))
    munis = tuple(
        Municipality(**{**r, "lon": float(r["lon"]), "lat": float(r["lat"])})  # type: ignore[arg-type]
        for r in _rows("municipalities.csv")
    )
    outside = tuple(
        Municipality(
            code=r["code"],
            code4=r["code4"],
            name=r["name"],
            name_dst=r["name"],
            name_komgrp="",
            region_code=r["region_code"],
            region_name=region_name[r["region_code"]],
            landsdel_code=r["landsdel_code"],
            landsdel_name=next(ld.name for ld in landsdele if ld.code == r["landsdel_code"]),
            kommunegruppe_code="",
            kommunegruppe_name="",
            lon=float(r["lon"]),
            lat=float(r["lat"]),
        )
        for r in _rows("outside_division.csv")
    )
    return Reference(
        municipalities=munis,
        regions=regions,
        kommunegrupper=tuple(Kommunegruppe(**r) for r in _rows("kommunegrupper.csv")),
        landsdele=landsdele,
        outside_division=outside,
    )


@cache
def _by_code() -> dict[str, Municipality]:
    ref = reference()
    return {m.code: m for m in (*ref.municipalities, *ref.outside_division)}


@cache
def boundaries() -> dict[str, Any]:
    """GeoJSON FeatureCollection of the 98 municipalities (properties: code, name)."""
    text = files("faelled.reference").joinpath("data", "kommuner.geojson").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
