"""Employment: benefit spells and the persons they belong to.

Each resident aged 16–66 may start one spell a year (never two at once): a competing-risks draw
over the nine benefits, with rates by age, scaled by a personal frailty, the municipality's
condition, the national trend and any planted effect. Durations are log-normal per benefit;
førtidspension lasts until the 67th birthday. The simulation starts BURN_IN years before the first
delivered year so the first delivery carries a realistic opening stock.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from faelled.generate.cpr import cpr_numbers
from faelled.generate.model import World, benefit_trend
from faelled.generate.population import Panel, day, to_dates

BURN_IN = 12


@dataclass(frozen=True)
class Benefit:
    name: str
    min_age: int
    max_age: int
    rate: float  # yearly start probability at frailty 1, condition 0, trend 1
    median_days: float
    sigma: float
    beta: float  # log-rate per unit of condition (negative: better-off places have fewer)


BENEFITS = (
    Benefit("sygedagpenge", 18, 66, 0.085, 45, 1.2, -0.15),
    Benefit("a-dagpenge", 20, 66, 0.09, 80, 0.9, -0.2),
    Benefit("kontanthjælp", 30, 66, 0.035, 250, 1.0, -0.5),
    Benefit("uddannelseshjælp", 18, 29, 0.05, 200, 1.0, -0.5),
    Benefit("jobafklaring", 25, 66, 0.004, 420, 0.6, -0.3),
    Benefit("ressourceforløb", 25, 66, 0.003, 700, 0.5, -0.4),
    Benefit("fleksjob", 30, 66, 0.005, 2600, 0.7, -0.2),
    Benefit("ledighedsydelse", 30, 66, 0.004, 150, 0.9, -0.2),
    Benefit("førtidspension", 20, 66, 0.003, 0, 0, -0.4),
)
NAMES = np.array([b.name for b in BENEFITS], dtype=object)
PLANTED_BENEFITS = ("kontanthjælp", "uddannelseshjælp", "a-dagpenge")
COMMENTS = (
    "Aktivitetsparat",
    "Jobparat",
    "Samtale afholdt",
    "Sygeopfølgning",
    "Henvist til virksomhedspraktik",
    "Afventer dokumentation",
    "Job med løntilskud",
    "Opfølgning om 3 mdr.",
)


def _rates(b: Benefit, age: np.ndarray) -> np.ndarray:
    r = np.where((age >= b.min_age) & (age <= b.max_age), b.rate, 0.0)
    if b.name == "førtidspension":
        r = r * (1 + 1.5 * (age >= 40) + 3 * (age >= 55))
    if b.name == "sygedagpenge":
        r = r * (0.7 + 0.012 * np.clip(age - 18, 0, 48))
    return r


def simulate(panel: Panel, world: World, rng: np.random.Generator) -> pd.DataFrame:
    """All spells (also those before the first year): person (panel index), benefit, start, end
    (days; -1 for a spell still open at the end of the last year)."""
    cond = world.condition[panel.code]
    frailty = rng.lognormal(-0.4, 0.9, size=len(panel))
    turns16, turns67 = panel.anniversary(16), panel.anniversary(67)
    busy = np.full(len(panel), -(10**7), dtype=np.int64)
    horizon = day(world.last_year, 12, 31)
    planted = next((p for p in world.planted if p.id == "employment_faster_improvement"), None)
    out: list[pd.DataFrame] = []
    for y in range(world.first_year - BURN_IN, world.last_year + 1):
        lo = np.maximum.reduce([np.full(len(panel), day(y)), busy + 1, panel.entry, turns16])
        hi = np.minimum.reduce([np.full(len(panel), day(y, 12, 31)), panel.exit - 1, turns67 - 1])
        who = np.flatnonzero(lo <= hi)
        if not len(who):
            continue
        age = panel.age_on(y, 7, 1)[who]
        rates = np.empty((len(who), len(BENEFITS)))
        for j, b in enumerate(BENEFITS):
            factor = np.exp(b.beta * cond) * benefit_trend(b.name, y)
            if planted and planted.applies(panel.code, y) and b.name in PLANTED_BENEFITS:
                factor *= planted.size ** (y - int(planted.first_period) + 1)
            rates[:, j] = _rates(b, age) * factor
        total = rates.sum(axis=1) * frailty[who]
        window = (hi[who] - lo[who] + 1) / 365.0
        starts = rng.random(len(who)) < 1 - np.exp(-total * window)
        who, rates = who[starts], rates[starts]
        if not len(who):
            continue
        cum = np.cumsum(rates, axis=1)
        pick = (rng.random(len(who))[:, None] * cum[:, -1:] > cum).sum(axis=1)
        start = lo[who] + (rng.random(len(who)) * (hi[who] - lo[who] + 1)).astype(np.int64)
        median = np.array([b.median_days for b in BENEFITS])[pick]
        sigma = np.array([b.sigma for b in BENEFITS])[pick]
        # Weaker places keep people longer on the means-tested benefits.
        longer = np.where(np.isin(pick, [2, 3]), np.exp(-0.15 * cond), 1.0)
        dur = np.ceil(median * longer * np.exp(sigma * rng.standard_normal(len(who))))
        end = start + np.maximum(dur, 1).astype(np.int64) - 1
        end = np.where(pick == len(BENEFITS) - 1, turns67[who] - 1, end)
        end = np.minimum.reduce([end, turns67[who] - 1, panel.exit[who] - 1])
        busy[who] = end
        out.append(
            pd.DataFrame(
                {
                    "person": who,
                    "benefit": pick,
                    "start": start,
                    "end": np.where(end > horizon, -1, end),
                }
            )
        )
    spells = pd.concat(out, ignore_index=True)
    return spells[(spells["end"] >= day(world.first_year)) | (spells["end"] == -1)]


def _year_of(days: np.ndarray) -> np.ndarray:
    return to_dates(days).astype("datetime64[Y]").astype(np.int64) + 1970


def benefit_spells(
    panel: Panel, world: World, spells: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """The delivered rows: one per spell, in the year it started (the opening stock in the
    first year)."""
    s = spells.sort_values(["start", "person", "benefit"], kind="stable")
    noted = rng.random(len(s)) < 0.12
    comment = pd.Series(rng.choice(np.array(COMMENTS, dtype=object), len(s))).where(noted)
    end = s["end"].to_numpy()
    return pd.DataFrame(
        {
            "person_id": cpr_numbers(panel.cpr_index[s["person"].to_numpy()]),
            "municipality": panel.code,
            "year": np.maximum(_year_of(s["start"].to_numpy()), world.first_year),
            "benefit": NAMES[s["benefit"].to_numpy()],
            "start_date": to_dates(s["start"].to_numpy()),
            "end_date": pd.Series(to_dates(np.where(end < 0, 0, end))).where(end >= 0),
            "comment": comment,
        }
    ).reset_index(drop=True)


def persons(panel: Panel, world: World, spells: pd.DataFrame) -> pd.DataFrame:
    """Everyone with a spell overlapping the year, once per year."""
    frames = []
    end = np.where(spells["end"].to_numpy() < 0, 10**9, spells["end"].to_numpy())
    start = spells["start"].to_numpy()
    person = spells["person"].to_numpy()
    for y in range(world.first_year, world.last_year + 1):
        idx = np.unique(person[(start <= day(y, 12, 31)) & (end >= day(y))])
        frames.append(
            pd.DataFrame(
                {
                    "person_id": cpr_numbers(panel.cpr_index[idx]),
                    "municipality": panel.code,
                    "year": y,
                    "birth_date": to_dates(panel.birth[idx]),
                    "sex": np.where(panel.sex[idx] == 0, "M", "K"),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
