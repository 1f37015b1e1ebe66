"""Each municipality's residents as a panel of synthetic persons over the generated years.

The panel starts on 1 January of the first year with the municipality's estimated population
(times --scale) and a real FOLK1A age/sex profile; each year people die (Gompertz mortality),
move out (most often in their twenties), are born, and move in until the next 1 January matches
the estimate again. Every other dataset draws its people from this panel, so the population
counts (the KPI denominators) and the person-level extracts (the numerators) agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from faelled.reference import reference
from faelled.reference.population import age_profiles, population_estimate

PAST = -1_000_000  # entry of those resident before the first year
FUTURE = 1_000_000  # exit of those still resident at the end
MAX_AGE = 100  # the population dataset's top age means 100 and over
MIN_PERSONS = 1000  # small municipalities at small scales: enough people for every file
_EPOCH = date(1970, 1, 1).toordinal()


def day(y: int, m: int = 1, d: int = 1) -> int:
    """Days since 1970-01-01."""
    return date(y, m, d).toordinal() - _EPOCH


def to_dates(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]")


@dataclass
class Panel:
    code: str
    birth: np.ndarray  # days since 1970-01-01
    sex: np.ndarray  # 0 = M, 1 = K
    entry: np.ndarray  # first day resident (PAST for the initial residents)
    exit: np.ndarray  # first day no longer resident (FUTURE if still resident)
    cpr_index: np.ndarray  # global index for cpr_numbers()

    def __post_init__(self) -> None:
        d = to_dates(self.birth)
        self.birth_y = d.astype("datetime64[Y]").astype(np.int64) + 1970
        month = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
        dom = (d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
        self.birth_md = month * 100 + dom

    def __len__(self) -> int:
        return len(self.birth)

    def age_on(self, y: int, m: int = 1, d: int = 1) -> np.ndarray:
        """Completed years on the date (the CPR Office's and FOLK1A's age)."""
        age: np.ndarray = y - self.birth_y - (m * 100 + d < self.birth_md)
        return age

    def resident_on(self, when: int) -> np.ndarray:
        here: np.ndarray = (self.entry <= when) & (when < self.exit)
        return here

    def anniversary(self, years: int) -> np.ndarray:
        """The day each person turns `years` (29 February → 1 March)."""
        y = (self.birth_y + years - 1970).astype("datetime64[Y]")
        m = y.astype("datetime64[M]") + (self.birth_md // 100 - 1).astype("timedelta64[M]")
        out: np.ndarray = (m.astype("datetime64[D]") + (self.birth_md % 100 - 1)).astype(np.int64)
        return out


@cache
def _profile(code: str) -> np.ndarray:
    """Counts by [sex, age 0–100] to draw ages from: the municipality's own FOLK1A profile
    where there is one, the three big cities' mean for the other Storbykommuner (none today),
    else its region's. FOLK1A's file lacks age 38; it is the mean of 37 and 39."""
    profiles = age_profiles()
    m = reference().municipality(code)
    if code in profiles:
        src = [profiles[code]]
    elif m.kommunegruppe_code == "2":
        src = [profiles[c] for c in ("461", "751", "851")]
    else:
        src = [profiles["0" + m.region_code[2:]]]
    out = np.zeros((2, MAX_AGE + 1))
    for p in src:
        for (sex, age), n in p.items():
            out[0 if sex == "M" else 1, min(age, MAX_AGE)] += n
    for s in range(2):
        if out[s, 38] == 0:
            out[s, 38] = (out[s, 37] + out[s, 39]) / 2
    shares: np.ndarray = out / out.sum()
    return shares


def targets(code: str, first: int, last: int, scale: float) -> dict[int, int]:
    """Residents on 1 January of each year first … last + 1 at this scale."""
    base = population_estimate(code, 2024)
    factor = max(scale, min(1.0, MIN_PERSONS / base))  # never above the estimate itself
    return {y: round(population_estimate(code, y) * factor) for y in range(first, last + 2)}


def block_size(code: str, first: int, last: int, scale: float) -> int:
    """An upper bound on the persons a panel can hold (for its CPR block)."""
    t = targets(code, first, last, scale)
    return int(max(t.values()) * (1.3 + 0.08 * (last - first + 1))) + 1000


def _mortality(age: np.ndarray) -> np.ndarray:
    q: np.ndarray = np.minimum(0.6, 2.5e-5 * np.exp(0.098 * age)) + 0.003 * (age == 0)
    return q


def _migration(age: np.ndarray) -> np.ndarray:
    a = age.astype(float)
    return 0.02 + 0.09 * np.exp(-(((a - 24) / 6) ** 2)) - 0.008 * (a >= 65)


def _draw_people(
    rng: np.random.Generator, n: int, weights: np.ndarray, on_year: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sex and birth day for n people whose age on 1 January `on_year` follows `weights`."""
    flat = weights.ravel() / weights.sum()
    cell = rng.choice(flat.size, size=n, p=flat)
    sex, age = np.divmod(cell, MAX_AGE + 1)
    age = age + (age == MAX_AGE) * rng.geometric(0.45, size=n) - (age == MAX_AGE)
    # Born between 2 January of (on_year − age − 1) and 1 January of (on_year − age).
    jan1 = (on_year - age - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    birth = jan1 - rng.integers(0, 365, size=n)
    return sex.astype(np.int8), birth


def build_panel(
    code: str, first: int, last: int, scale: float, rng: np.random.Generator, cpr_offset: int
) -> Panel:
    t = targets(code, first, last, scale)
    profile = _profile(code)
    sex, birth = _draw_people(rng, t[first], profile, first)
    sexes, births = [sex], [birth]
    entries = [np.full(len(sex), PAST, dtype=np.int64)]
    exits = [np.full(len(sex), FUTURE, dtype=np.int64)]
    ages = np.arange(MAX_AGE + 1)
    in_weights = profile * _migration(ages)[None, :]
    for y in range(first, last + 1):
        start, days = day(y), day(y + 1) - day(y)
        birth_all = np.concatenate(births)
        exit_all = np.concatenate(exits)
        entry_all = np.concatenate(entries)
        alive = np.flatnonzero((entry_all <= start) & (start < exit_all))
        age = ((start - birth_all[alive]) / 365.25).astype(np.int64)
        leave = rng.random(len(alive)) < _mortality(age) + _migration(age)
        born = int(rng.poisson(0.0104 * len(alive)))
        surplus = len(alive) - int(leave.sum()) + born - t[y + 1]
        if surplus > 0:  # more people than the estimate next year: more move out
            stay = np.flatnonzero(~leave)
            leave[rng.choice(stay, size=min(surplus, len(stay)), replace=False)] = True
        incoming = max(0, -surplus)
        # Exits are written into the flat arrays' chunks through a combined view.
        exit_all[alive[leave]] = start + rng.integers(1, days, size=int(leave.sum()))
        _split_back(exits, exit_all)
        baby_birth = start + rng.integers(1, days, size=born)  # 1 January counts last year
        sexes.append((rng.random(born) < 0.487).astype(np.int8))
        births.append(baby_birth)
        entries.append(baby_birth)
        exits.append(np.full(born, FUTURE, dtype=np.int64))
        if incoming:
            s, b = _draw_people(rng, incoming, in_weights, y + 1)
            arrive = np.maximum(start + rng.integers(1, days, size=incoming), b)
            sexes.append(s)
            births.append(b)
            entries.append(arrive)
            exits.append(np.full(incoming, FUTURE, dtype=np.int64))
    n = sum(len(b) for b in births)
    return Panel(
        code=code,
        birth=np.concatenate(births),
        sex=np.concatenate(sexes),
        entry=np.concatenate(entries),
        exit=np.concatenate(exits),
        cpr_index=cpr_offset + np.arange(n, dtype=np.int64),
    )


def _split_back(chunks: list[np.ndarray], flat: np.ndarray) -> None:
    pos = 0
    for i, c in enumerate(chunks):
        chunks[i] = flat[pos : pos + len(c)]
        pos += len(c)


def population_table(panel: Panel, first: int, last: int) -> pd.DataFrame:
    """Residents on 1 January by sex and age (0–100, 100 meaning 100 and over), every cell."""
    frames = []
    for y in range(first, last + 1):
        here = panel.resident_on(day(y))
        age = np.minimum(panel.age_on(y)[here], MAX_AGE)
        counts = np.zeros((2, MAX_AGE + 1), dtype=np.int64)
        np.add.at(counts, (panel.sex[here], age), 1)
        frames.append(
            pd.DataFrame(
                {
                    "municipality": panel.code,
                    "year": y,
                    "sex": np.repeat(["M", "K"], MAX_AGE + 1),
                    "age": np.tile(np.arange(MAX_AGE + 1), 2),
                    "count": counts.ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
