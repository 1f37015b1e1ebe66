"""Schools: pupils, exam grades, absence, well-being, special education, youth education.

Children resident on 5 September attend grade (school year start − birth year − 6) in 0–9; most
attend the municipality's schools (fewer in better-off places, where independent schools are more
common). Each child keeps a school, an ability and an absence frailty across years, so a pupil's
records agree with each other over time. The school year runs 1 August – 31 July; period labels
are "2023/24" and file names "2023-24".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from faelled.generate.cpr import cpr_numbers
from faelled.generate.model import World, absence_trend, sigmoid
from faelled.generate.population import Panel, day, to_dates

SUBJECTS = ("dansk", "matematik", "engelsk", "fysik_kemi")
_SUBJECT_SHIFT = {"dansk": 0.05, "matematik": 0.0, "engelsk": 0.2, "fysik_kemi": -0.05}
# Continuous score → 7-point scale (upper bounds of −3, 00, 02, 4, 7, 10; above is 12).
_CUTS = np.array([-2.4, -1.6, -1.0, -0.3, 0.55, 1.4])
_GRADES = np.array([-3, 0, 2, 4, 7, 10, 12])
SCHOOL_DAYS = 200


def school_year(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def school_years(world: World) -> list[int]:
    """The school years whose end falls in a generated year: 2014/15 … 2023/24 for 2015–2024."""
    return list(range(world.first_year - 1, world.last_year))


def simulate(
    panel: Panel, world: World, rng: np.random.Generator
) -> dict[str, list[tuple[str, pd.DataFrame]]]:
    code, cond = panel.code, world.condition[panel.code]
    n = len(panel)
    ability = rng.standard_normal(n)
    frailty = rng.gamma(1.2, 1 / 1.2, size=n)
    public = rng.random(n) < np.clip(0.83 - 0.04 * cond, 0.6, 0.95)
    expected = max(1.0, (panel.resident_on(day(world.first_year)).sum()) * 0.11 * 0.83)
    n_schools = max(1, round(expected / 420))
    school_of = (rng.random(n) * n_schools).astype(np.int64)
    school_ids = np.array([f"{int(code):03d}{k + 1:03d}" for k in range(n_schools)], dtype=object)
    school_effect = rng.normal(0, 0.15, size=n_schools)
    special_draw = rng.random(n)
    special_from = rng.integers(0, 7, size=n)
    special_p = 0.055 * np.exp(-0.25 * cond)
    grades_planted = next(p for p in world.planted if p.id == "school_grades_above")
    absence_planted = next(p for p in world.planted if p.id == "school_absence_outlier")
    out: dict[str, list[tuple[str, pd.DataFrame]]] = {
        k: []
        for k in (
            "pupils",
            "exam_grades",
            "absence",
            "wellbeing",
            "special_education",
            "youth_education",
        )
    }
    for s in school_years(world):
        label = school_year(s)
        here = panel.resident_on(day(s, 9, 5)) & public
        grade = s - panel.birth_y - 6
        idx = np.flatnonzero(here & (grade >= 0) & (grade <= 9))
        g = grade[idx]
        school = school_of[idx]
        cpr = cpr_numbers(panel.cpr_index[idx])
        base = {
            "person_id": cpr,
            "municipality": code,
            "school_year": label,
            "school_id": school_ids[school],
        }
        out["pupils"].append(
            (
                label,
                pd.DataFrame(
                    {**base, "grade_level": g, "sex": np.where(panel.sex[idx] == 0, "M", "K")}
                ),
            )
        )
        # Exams: 9th grade, nearly everyone sits all four.
        mu = 0.3 + 0.25 * cond + 0.02 * (s - 2015) + school_effect[school]
        if grades_planted.applies(code, s + 1):
            mu = mu + grades_planted.size
        nine = np.flatnonzero((g == 9) & (rng.random(len(idx)) < 0.96))
        rows = []
        for subject in SUBJECTS:
            z = (
                0.85 * ability[idx[nine]]
                + mu[nine]
                + _SUBJECT_SHIFT[subject]
                + rng.normal(0, 0.55, size=len(nine))
            )
            rows.append(
                pd.DataFrame(
                    {
                        "person_id": cpr[nine],
                        "municipality": code,
                        "school_year": label,
                        "school_id": base["school_id"][nine],
                        "subject": subject,
                        "grade": _GRADES[np.searchsorted(_CUTS, z)],
                    }
                )
            )
        exams = pd.concat(rows, ignore_index=True).sort_values(
            ["person_id", "subject"], kind="stable"
        )
        out["exam_grades"].append((label, exams.reset_index(drop=True)))
        # Absence: a gamma-distributed share of the school days.
        mean = 0.042 * np.exp(-0.15 * cond) * absence_trend(s) * (1 + 0.04 * g)
        if absence_planted.municipality == code:
            mean = np.where(
                base["school_id"] == absence_planted.school_id, mean * absence_planted.size, mean
            )
        share = mean * frailty[idx] * rng.gamma(4, 0.25, size=len(idx))
        days_absent = np.minimum(np.round(share * SCHOOL_DAYS * 2) / 2, SCHOOL_DAYS)
        out["absence"].append(
            (
                label,
                pd.DataFrame(
                    {
                        **base,
                        "grade_level": g,
                        "school_days": SCHOOL_DAYS,
                        "absence_days": days_absent,
                    }
                ),
            )
        )
        # Well-being: grades 4–9, about 85% answer.
        ans = np.flatnonzero((g >= 4) & (rng.random(len(idx)) < 0.85))
        score = (
            3.95
            + 0.08 * cond
            + 0.15 * ability[idx[ans]]
            - 0.03 * (g[ans] - 4)
            + rng.normal(0, 0.55, size=len(ans))
        )
        out["wellbeing"].append(
            (
                label,
                pd.DataFrame(
                    {
                        "person_id": cpr[ans],
                        "municipality": code,
                        "school_year": label,
                        "school_id": base["school_id"][ans],
                        "grade_level": g[ans],
                        "wellbeing": np.round(np.clip(score, 1, 5), 1),
                    }
                ),
            )
        )
        # Special education: the same children year after year, from a grade on.
        sp = np.flatnonzero((special_draw[idx] < special_p) & (g >= special_from[idx]))
        who = idx[sp]
        rel = special_draw[who] / special_p
        placement = np.where(
            rel < 0.55, "specialklasse", np.where(rel < 0.9, "specialskole", "dagbehandling")
        )
        start = np.maximum(
            (panel.birth_y[who] + 6 + special_from[who] - 1970)
            .astype("datetime64[Y]")
            .astype("datetime64[D]")
            .astype(np.int64)
            + 212,  # 1 August (non-leap offset; 31 July in leap years is still a school day)
            panel.entry[who],
        )
        out["special_education"].append(
            (
                label,
                pd.DataFrame(
                    {
                        "person_id": cpr[sp],
                        "municipality": code,
                        "school_year": label,
                        "placement": placement,
                        "start_date": to_dates(start),
                    }
                ),
            )
        )
        # Youth education 15 months after 9th grade: only once that date has passed.
        if s + 2 <= world.last_year:
            nine_all = np.flatnonzero(g == 9)
            a = ability[idx[nine_all]]
            youth = rng.random(len(nine_all)) < sigmoid(1.9 + 0.25 * cond + 0.7 * a)
            gym = rng.random(len(nine_all)) < sigmoid(0.5 + 0.9 * a + 0.2 * cond)
            prep = rng.random(len(nine_all)) < 0.55
            status = np.where(
                youth,
                np.where(gym, "gymnasial", "erhvervsfaglig"),
                np.where(prep, "forberedende", "ingen"),
            )
            out["youth_education"].append(
                (
                    label,
                    pd.DataFrame(
                        {
                            "person_id": cpr[nine_all],
                            "municipality": code,
                            "school_year": label,
                            "status": status,
                            "reference_date": to_dates(np.full(len(nine_all), day(s + 2, 9, 30))),
                        }
                    ),
                )
            )
    return out
