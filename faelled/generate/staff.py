"""Staff: the municipality's employees from the payroll system, one row per employee and year.

The workforce follows the population (about 8.5 employees per 100 inhabitants); each year some
leave (more in weaker places and in the tight labour market of 2021–22) and are replaced. A year's
row shows the employment's end date only when it ended in that year: the payroll extract does not
know the future. Employees get CPR numbers from their own block, apart from the residents'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from faelled.generate.cpr import cpr_numbers
from faelled.generate.model import World, sick_trend
from faelled.generate.population import FUTURE, day, to_dates

AREAS = np.array(
    ["dagtilbud", "skole", "ældre", "social", "sundhed", "teknik", "administration"], dtype=object
)
AREA_SHARE = [0.18, 0.22, 0.25, 0.10, 0.05, 0.08, 0.12]
PER_INHABITANT = 0.085


def _leave_rate(year: int, cond: float) -> float:
    return float(0.15 * np.exp(-0.1 * cond) * {2021: 1.15, 2022: 1.2}.get(year, 1.0))


def simulate(
    code: str, residents: dict[int, int], world: World, rng: np.random.Generator, cpr_offset: int
) -> list[tuple[str, pd.DataFrame]]:
    """`residents`: the panel's population on 1 January of each year (and the year after)."""
    cond = world.condition[code]
    first, last = world.first_year, world.last_year
    head = {y: max(3, round(n * PER_INHABITANT)) for y, n in residents.items()}
    n0 = head[first]
    start = [day(first) - np.ceil(rng.exponential(7 * 365, size=n0)).astype(np.int64)]
    end = [np.full(n0, FUTURE, dtype=np.int64)]
    for y in range(first, last + 1):
        s_all, e_all = np.concatenate(start), np.concatenate(end)
        y0, days = day(y), day(y + 1) - day(y)
        active = np.flatnonzero((s_all <= y0) & (e_all > y0))
        leaving = active[rng.random(len(active)) < _leave_rate(y, cond)]
        e_all[leaving] = y0 + rng.integers(1, days, size=len(leaving))
        hires = max(0, head[y + 1] - (len(active) - len(leaving)))
        hs = y0 + rng.integers(1, days, size=hires)
        he = np.full(hires, FUTURE, dtype=np.int64)
        early = rng.random(hires) < _leave_rate(y, cond) / 2
        he[early] = np.minimum(hs[early] + rng.integers(30, 200, int(early.sum())), day(y + 1) - 1)
        he[early] = np.maximum(he[early], hs[early] + 1)
        start, end = [s_all, hs], [e_all, he]
    s_all, e_all = np.concatenate(start), np.concatenate(end)
    n = len(s_all)
    area = rng.choice(len(AREAS), size=n, p=AREA_SHARE)
    contract = np.where(
        area == 2,
        rng.choice([0.6, 0.75, 0.8, 0.9, 1.0], size=n),
        rng.choice([0.8, 0.9, 1.0, 1.0, 1.0], size=n),
    )
    frailty = rng.gamma(0.8, 1 / 0.8, size=n)
    cpr = cpr_numbers(cpr_offset + np.arange(n))
    planted = next(p for p in world.planted if p.id == "staff_sick_days_high")
    out = []
    for y in range(first, last + 1):
        y0, y1 = day(y), day(y + 1)
        idx = np.flatnonzero((s_all < y1) & (e_all > y0))
        # end is the first day no longer employed; the extract shows the last day employed.
        last_day = e_all[idx] - 1
        employed = np.minimum(e_all[idx], y1) - np.maximum(s_all[idx], y0)
        fte = np.round(contract[idx] * employed / (y1 - y0), 3)
        rate = 12.0 * np.exp(-0.15 * cond) * sick_trend(y)
        if planted.applies(code, y):
            rate *= planted.size
        sick = rng.gamma(0.7, 1 / 0.7, size=len(idx)) * rate * fte * frailty[idx]
        sick = np.minimum(np.round(sick * 2) / 2, employed)
        ended = last_day < y1
        out.append(
            (
                str(y),
                pd.DataFrame(
                    {
                        "person_id": cpr[idx],
                        "municipality": code,
                        "year": y,
                        "area": AREAS[area[idx]],
                        "fte": fte,
                        "sick_days": sick,
                        "start_date": to_dates(s_all[idx]),
                        "end_date": pd.Series(to_dates(np.where(ended, last_day, 0))).where(ended),
                    }
                ).sort_values("person_id", kind="stable", ignore_index=True),
            )
        )
    return out


def block_size(residents_max: int, years: int) -> int:
    return int(residents_max * PER_INHABITANT * (1.2 + 0.25 * years)) + 200
