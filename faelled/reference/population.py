"""The population estimate per municipality and year, and real age/sex profiles.

Derived by scripts/build_population.py from Statistics Denmark's FOLK1A (country, regions and six
municipalities, real) and STATUSU6 2024 (all 98, real). Only the six municipalities 147, 400, 461,
561, 751 and 851 carry real figures, up to 2020; everything else is an estimate and years after
2020 are extrapolated (see docs/generator.md for the method and its measured error). It sizes
the synthetic generator; it is not an official population figure.

`published_population` is the other reference: the real population of all 98 municipalities in
2020 as Statens Serum Institut published it (scripts/build_ssi_population.py), which plausibility
rules compare deliveries with. Both stay, on purpose: the estimate is a 2008–2030 series that
sizes the generator (replacing it with the published figures would change every generated file,
and 92 municipalities' published figures exist for 2020 only), while a plausibility rule must
compare with published figures, not with an estimate that is up to 35% off for some
municipalities (Copenhagen: 414,052 estimated, 632,340 published).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from faelled.errors import NotFound


@dataclass(frozen=True, slots=True)
class PopulationEstimate:
    code: str
    year: int
    population: int
    source: str  # folk1a | folk1a_trend | region_share | region_share_trend


def _read(name: str) -> list[dict[str, str]]:
    text = files("faelled.reference").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def population_estimates() -> dict[tuple[str, int], PopulationEstimate]:
    """(municipality code, year) → estimate on 1 January, 2008–2030."""
    out = {}
    for r in _read("population_estimate.csv"):
        est = PopulationEstimate(r["code"], int(r["year"]), int(r["population"]), r["source"])
        out[(est.code, est.year)] = est
    return out


def population_estimate(code: str, year: int) -> int:
    try:
        return population_estimates()[(str(int(code)), year)].population
    except KeyError:
        raise NotFound(
            f"Intet befolkningsestimat for kommune {code} i {year} / no population estimate.",
            hint="Estimaterne dækker de 98 kommuner 2008–2030.",
        ) from None


@cache
def age_profiles() -> dict[str, dict[tuple[str, int], int]]:
    """Real FOLK1A counts on 1 January 2020 by (sex "M"/"K", age 0–99, 100 = 100 and over) for
    the regions (DST codes "081"–"085") and six municipalities ("147", "400", …)."""
    out: dict[str, dict[tuple[str, int], int]] = {}
    for r in _read("population_profiles.csv"):
        out.setdefault(r["area"], {})[(r["sex"], int(r["age"]))] = int(r["count"])
    return out


@cache
def published_population() -> list[dict[str, object]]:
    """The published population per municipality (municipality, year, population, source)."""
    return [
        {**r, "year": int(r["year"]), "population": int(r["population"])}
        for r in _read("population_ssi_2020.csv")
    ]
