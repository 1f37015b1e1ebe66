"""Elderly care: monthly home-care hours per citizen and nursing-home stays.

Nursing-home moves are drawn first (rising steeply with age; a stay lasts until the resident
leaves the panel, which at that age is mostly death); home-care episodes are drawn for those
living at home, and stop at a move into a nursing home. Both start BURN_IN years early so the
first year has a realistic stock.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from faelled.generate.cpr import cpr_numbers
from faelled.generate.model import World
from faelled.generate.population import FUTURE, Panel, day, to_dates

BURN_IN = 6
# Care round the clock for 31 days: the most a month holds, and home_care.hours' range maximum.
MAX_MONTHLY_HOURS = 24 * 31


def _month(days: np.ndarray) -> np.ndarray:
    """Months since January 1970."""
    return to_dates(days).astype("datetime64[M]").astype(np.int64)


def _nh_rate(age: np.ndarray) -> np.ndarray:
    return np.select(
        [age >= 90, age >= 85, age >= 80, age >= 75, age >= 65],
        [0.04, 0.02, 0.008, 0.003, 0.0008],
        0.0,
    )


def _hc_rate(age: np.ndarray) -> np.ndarray:
    return np.select(
        [age >= 90, age >= 85, age >= 80, age >= 75, age >= 65, age >= 18],
        [0.22, 0.15, 0.09, 0.05, 0.02, 0.002],
        0.0,
    )


def simulate(
    panel: Panel, world: World, rng: np.random.Generator
) -> dict[str, list[tuple[str, pd.DataFrame]]]:
    code, cond = panel.code, world.condition[panel.code]
    n = len(panel)
    first, last = world.first_year, world.last_year
    horizon = day(last, 12, 31)
    # Nursing homes.
    move_in = np.full(n, FUTURE, dtype=np.int64)
    for y in range(first - BURN_IN, last + 1):
        start, days = day(y), day(y + 1) - day(y)
        who = np.flatnonzero(panel.resident_on(start) & (move_in == FUTURE))
        p = _nh_rate(panel.age_on(y)[who]) * np.exp(-0.1 * cond)
        moving = who[rng.random(len(who)) < p]
        when = start + rng.integers(0, days, size=len(moving))
        ok = when < panel.exit[moving]
        move_in[moving[ok]] = when[ok]
    stay = np.flatnonzero(move_in != FUTURE)
    # Most stays end when the resident leaves the panel (death); a few move out earlier.
    out_day = panel.exit[stay] - 1
    early = rng.random(len(stay)) < 0.04
    out_day = np.where(
        early, np.minimum(out_day, move_in[stay] + rng.integers(30, 900, len(stay))), out_day
    )
    n_homes = max(1, round(len(stay) / 60))
    home = np.array([f"{int(code):03d}-{k + 1:02d}" for k in range(n_homes)], dtype=object)
    home_of = home[(rng.random(len(stay)) * n_homes).astype(np.int64)]
    nh: list[tuple[str, pd.DataFrame]] = []
    for y in range(first, last + 1):
        sel = (move_in[stay] <= day(y, 12, 31)) & (out_day >= day(y))
        idx = stay[sel]
        out = out_day[sel]
        nh.append(
            (
                str(y),
                pd.DataFrame(
                    {
                        "person_id": cpr_numbers(panel.cpr_index[idx]),
                        "municipality": code,
                        "year": y,
                        "birth_date": to_dates(panel.birth[idx]),
                        "nursing_home_id": home_of[sel],
                        "move_in_date": to_dates(move_in[idx]),
                        "move_out_date": pd.Series(to_dates(np.minimum(out, horizon))).where(
                            out <= horizon
                        ),
                    }
                ),
            )
        )
    # Home care episodes (months since 1970), for people not in a nursing home.
    care_end = np.full(n, -1, dtype=np.int64)
    intensity = rng.lognormal(np.log(12), 0.7, size=n)
    episodes = []
    last_month = _month(np.array([horizon]))[0]
    exit_month = _month(np.minimum(panel.exit - 1, horizon))
    entry_month = _month(np.maximum(panel.entry, day(first - BURN_IN)))
    nh_month = np.where(move_in == FUTURE, 10**6, _month(np.minimum(move_in, horizon)))
    for y in range(first - BURN_IN, last + 1):
        m0 = (y - 1970) * 12
        who = np.flatnonzero(panel.resident_on(day(y)) & (care_end < m0) & (nh_month > m0))
        p = _hc_rate(panel.age_on(y)[who]) * np.exp(-0.1 * cond)
        new = who[rng.random(len(who)) < p]
        s = np.maximum(m0 + rng.integers(0, 12, size=len(new)), entry_month[new])
        e = s + rng.geometric(1 / 40, size=len(new)) - 1
        e = np.minimum.reduce([e, exit_month[new], nh_month[new] - 1, np.full(len(new), 10**6)])
        keep = e >= s
        new, s, e = new[keep], s[keep], e[keep]
        care_end[new] = e
        episodes.append((new, s, np.minimum(e, last_month)))
    person = np.concatenate([ep[0] for ep in episodes])
    start_m = np.concatenate([ep[1] for ep in episodes])
    end_m = np.concatenate([ep[2] for ep in episodes])
    lo = np.maximum(start_m, (first - 1970) * 12)
    length = np.maximum(end_m - lo + 1, 0)
    rows_person = np.repeat(person, length)
    offsets = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    rows_month = np.repeat(lo, length) + offsets
    year = rows_month // 12 + 1970
    age = year - panel.birth_y[rows_person]
    hours = (
        intensity[rows_person]
        * (1 + 0.02 * np.clip(age - 80, -15, 20))
        * np.exp(-0.05 * cond)
        * 0.985 ** (year - 2015)
        * rng.gamma(10, 0.1, size=len(rows_person))
    )
    # The intensity's long tail reaches past a month's 744 hours at national scale (one person in
    # 326 did); round-the-clock care is the ceiling the contract's range check enforces. Clipping
    # draws nothing, so smaller runs stay byte-identical.
    hours = np.clip(np.round(hours * 4) / 4, 0.25, MAX_MONTHLY_HOURS)
    order = np.lexsort((panel.cpr_index[rows_person], rows_month))
    rows_person, rows_month, year, hours = (
        rows_person[order],
        rows_month[order],
        year[order],
        hours[order],
    )
    hc: list[tuple[str, pd.DataFrame]] = []
    for y in range(first, last + 1):
        sel = year == y
        idx = rows_person[sel]
        hc.append(
            (
                str(y),
                pd.DataFrame(
                    {
                        "person_id": cpr_numbers(panel.cpr_index[idx]),
                        "municipality": code,
                        "year": y,
                        "month": rows_month[sel].astype("datetime64[M]").astype("datetime64[D]"),
                        "birth_date": to_dates(panel.birth[idx]),
                        "hours": hours[sel],
                    }
                ),
            )
        )
    return {"home_care": hc, "nursing_home_residents": nh}
