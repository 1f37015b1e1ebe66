"""The latent world the synthetic data is drawn from: each municipality's socio-economic
condition, the file format its case systems export, national trends, and the planted effects.

Everything here is synthetic and seeded. The condition is consistent with what is publicly known
about Danish geography (the municipalities north of Copenhagen are the best off; the outer
islands, Lolland-Falster and parts of the western suburbs the least), but it is a model, not a
measurement: never present it as an official index.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from faelled.generate.formats import FileFormat
from faelled.reference import Municipality, reference
from faelled.reference.population import population_estimate

# Condition parts (standard deviations before standardising): kommunegruppe, landsdel, and a
# few municipalities whose position is well known.
_GROUP = {"1": 0.3, "2": 0.1, "3": 0.0, "4": 0.2, "5": -0.5}
_LANDSDEL = {
    "1": -0.1,  # Byen København
    "2": -0.4,  # Københavns omegn
    "3": 0.9,  # Nordsjælland
    "4": -0.6,  # Bornholm
    "5": 0.4,  # Østsjælland
    "6": -0.5,  # Vest- og Sydsjælland
    "7": -0.2,  # Fyn
    "8": -0.1,  # Sydjylland
    "9": 0.3,  # Østjylland
    "10": 0.0,  # Vestjylland
    "11": -0.3,  # Nordjylland
}
_KNOWN = {
    "157": 0.9,  # Gentofte
    "230": 0.9,  # Rudersdal
    "223": 0.6,  # Hørsholm
    "173": 0.5,  # Lyngby-Taarbæk
    "155": 0.4,  # Dragør
    "201": 0.4,  # Allerød
    "183": -0.8,  # Ishøj
    "153": -0.6,  # Brøndby
    "165": -0.5,  # Albertslund
    "360": -0.6,  # Lolland
    "482": -0.4,  # Langeland
}
NOISE = 0.25
BIG_MUNICIPALITY = 150_000  # at or above (2024 estimate): person-level extracts as Parquet


@dataclass(frozen=True)
class PlantedEffect:
    """A deviation from what the conditions predict, for benchmarking to find."""

    id: str
    level: str  # "municipality" or "school"
    municipality: str
    kpis: tuple[str, ...]
    first_period: str
    last_period: str
    size: float  # the multiplier or shift below
    description: str
    school_id: str | None = None

    def applies(self, code: str, year: int) -> bool:
        return code == self.municipality and int(self.first_period[:4]) <= year

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kpis"] = list(self.kpis)
        return d


@dataclass
class World:
    seed: int
    first_year: int
    last_year: int
    condition: dict[str, float]
    formats: dict[str, FileFormat]
    planted: list[PlantedEffect] = field(default_factory=list)

    def effect(self, effect_id: str) -> PlantedEffect:
        return next(p for p in self.planted if p.id == effect_id)


def rng_for(seed: int, *parts: int) -> np.random.Generator:
    """An independent stream per (seed, municipality, dataset, …) via numpy's SeedSequence, so a
    municipality's data do not depend on which others are generated, nor on --dirty."""
    return np.random.default_rng(np.random.SeedSequence([seed, *parts]))


def _formats(rng: np.random.Generator, munis: tuple[Municipality, ...]) -> dict[str, FileFormat]:
    profiles = FileFormat.profiles()
    names = sorted(profiles)
    picks = rng.choice(len(names), size=len(munis), p=[0.45, 0.3, 0.25])
    out = {}
    for m, pick in zip(munis, picks, strict=True):
        fmt = profiles[names[int(pick)]]
        if population_estimate(m.code, 2024) >= BIG_MUNICIPALITY:
            fmt = fmt.with_parquet()
        out[m.code] = fmt
    return out


def build_world(seed: int, first_year: int, last_year: int) -> World:
    munis = reference().municipalities
    rng = rng_for(seed, 0)
    raw = np.array(
        [
            _GROUP[m.kommunegruppe_code] + _LANDSDEL[m.landsdel_code] + _KNOWN.get(m.code, 0.0)
            for m in munis
        ]
    )
    raw = raw + rng.normal(0, NOISE, size=len(munis))
    z = (raw - raw.mean()) / raw.std()
    condition = {m.code: round(float(v), 4) for m, v in zip(munis, z, strict=True)}
    world = World(seed, first_year, last_year, condition, _formats(rng, munis))
    world.planted = _plant(rng, munis, first_year, last_year)
    return world


def _plant(
    rng: np.random.Generator, munis: tuple[Municipality, ...], first: int, last: int
) -> list[PlantedEffect]:
    # Mid-sized municipalities: big enough for the effect to show at modest scales, and each
    # effect in a different one so they do not mask each other.
    mid = sorted(m.code for m in munis if 40_000 <= population_estimate(m.code, 2024) <= 130_000)
    picks = [str(c) for c in rng.choice(mid, size=3, replace=False)]
    big = sorted(
        (m.code for m in munis if population_estimate(m.code, 2024) >= 90_000),
        key=lambda c: -population_estimate(c, 2024),
    )
    school_muni = next(c for c in big if c not in picks)
    start = max(first, last - 5)
    return [
        PlantedEffect(
            id="employment_faster_improvement",
            level="municipality",
            municipality=picks[0],
            kpis=(
                "emp_benefit_share_16_66",
                "emp_kontanthjaelp_share_16_66",
                "emp_youth_benefit_share_16_24",
            ),
            first_period=str(start),
            last_period=str(last),
            size=0.82,
            description=(
                "Inflow to kontanthjælp, uddannelseshjælp and a-dagpenge falls by 18% a year "
                "(multiplier 0.82 per year, compounding) beyond what the conditions predict."
            ),
        ),
        PlantedEffect(
            id="school_grades_above",
            level="municipality",
            municipality=picks[1],
            kpis=(
                "sch_grade_mean_danish",
                "sch_grade_mean_math",
                "sch_share_02_danish_math",
            ),
            first_period=f"{start - 1}/{start % 100:02d}",
            last_period=f"{last - 1}/{last % 100:02d}",
            size=0.6,
            description=(
                "Exam performance 0.6 standard deviations above what the conditions predict "
                "(about +1.3 grade points) in every school."
            ),
        ),
        PlantedEffect(
            id="staff_sick_days_high",
            level="municipality",
            municipality=picks[2],
            kpis=("stf_sick_days_per_fte",),
            first_period=str(start),
            last_period=str(last),
            size=1.6,
            description="Sick days per employee 60% above what the conditions predict.",
        ),
        PlantedEffect(
            id="school_absence_outlier",
            level="school",
            municipality=school_muni,
            school_id=f"{int(school_muni):03d}001",
            kpis=("sch_absence_pct", "sch_absence_over_10_share"),
            first_period=f"{first - 1}/{first % 100:02d}",
            last_period=f"{last - 1}/{last % 100:02d}",
            size=2.2,
            description=(
                "One school whose pupils are absent 2.2 times as much as the conditions "
                "predict, every year (a school-level outlier inside a large municipality)."
            ),
        ),
    ]


def benefit_trend(benefit: str, year: int) -> float:
    """National inflow trend: a slow fall after 2015, a COVID-19 bump in 2020–21 for
    unemployment and sickness benefits."""
    y = min(max(year, 2005), 2030)
    t = 0.97 ** (y - 2015)
    if benefit in ("a-dagpenge", "sygedagpenge"):
        t *= {2020: 1.3, 2021: 1.1}.get(y, 1.0)
    return t


def absence_trend(school_start_year: int) -> float:
    return 1.0 if school_start_year < 2021 else 1.15


def sick_trend(year: int) -> float:
    return {2020: 1.1, 2021: 1.1, 2022: 1.2, 2023: 1.1, 2024: 1.08}.get(year, 1.0)


def price_index(year: int) -> float:
    """Prices relative to 2024: about 2% a year, with the 2022–23 jump."""
    steps = {2022: 1.07, 2023: 1.05}
    value = 1.0
    for y in range(min(year, 2024), 2024):
        value /= steps.get(y + 1, 1.02)
    for y in range(2024, year):
        value *= steps.get(y + 1, 1.02)
    return value


def sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-x))
    return out


def logit(p: float) -> float:
    return math.log(p / (1 - p))
