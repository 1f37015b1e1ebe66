"""Economy: net operating expenditure by main function, original budget and accounts, in DKK.

Function numbers and titles follow the municipal chart of accounts (Budget- og regnskabssystem
for kommuner); the amounts are synthetic: a per-inhabitant level per function (2024 prices, the
order of magnitude of a typical municipality), scaled by the age groups the function serves, the
municipality's condition, prices, and noise. Amounts follow the generated population, so per
inhabitant they do not depend on --scale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from faelled.generate.model import World, price_index

# (function, title, DKK per inhabitant in 2024, driver, log-elasticity to condition)
# driver: the age group whose share of the population scales the cost.
FUNCTIONS = (
    ("0.25", "Faste ejendomme", 300, "all", 0.0),
    ("0.28", "Fritidsområder", 250, "all", 0.0),
    ("0.32", "Fritidsfaciliteter", 500, "all", 0.0),
    ("0.38", "Naturbeskyttelse", 60, "all", 0.0),
    ("0.52", "Miljøbeskyttelse m.v.", 100, "all", 0.0),
    ("0.58", "Redningsberedskab", 200, "all", 0.0),
    ("2.22", "Fælles funktioner", 300, "all", 0.0),
    ("2.28", "Kommunale veje", 1500, "all", 0.05),
    ("2.32", "Kollektiv trafik", 800, "all", 0.0),
    ("3.22", "Folkeskolen m.m.", 9500, "school", 0.03),
    ("3.30", "Ungdomsuddannelser", 300, "youth", -0.1),
    ("3.32", "Folkebiblioteker", 450, "all", 0.05),
    ("3.35", "Kulturel virksomhed", 500, "all", 0.1),
    ("3.38", "Folkeoplysning og fritidsaktiviteter m.v.", 600, "all", 0.0),
    ("4.62", "Sundhedsudgifter m.v.", 6500, "old", -0.05),
    ("5.25", "Dagtilbud til børn og unge", 6500, "child", 0.05),
    ("5.28", "Tilbud til børn og unge med særlige behov", 3200, "school", -0.2),
    ("5.30", "Tilbud til ældre", 8500, "old", -0.05),
    ("5.38", "Tilbud til voksne med særlige behov", 5500, "adult", -0.15),
    ("5.46", "Tilbud til udlændinge", 300, "all", -0.1),
    ("5.48", "Førtidspensioner og personlige tillæg", 3800, "adult", -0.3),
    ("5.57", "Kontante ydelser", 5000, "adult", -0.35),
    ("5.58", "Revalidering", 1300, "adult", -0.25),
    ("5.68", "Arbejdsmarkedsforanstaltninger", 1200, "adult", -0.2),
    ("5.72", "Sociale formål", 400, "all", -0.1),
    ("6.42", "Politisk organisation", 300, "all", 0.0),
    ("6.45", "Administrativ organisation", 5000, "all", 0.0),
    ("6.48", "Erhvervsudvikling, turisme og landdistrikter", 200, "all", 0.0),
)
# National shares of each driver group (for scaling by the municipality's own share).
_NATIONAL = {"child": 0.06, "school": 0.11, "youth": 0.06, "adult": 0.64, "old": 0.20}


def simulate(
    code: str,
    world: World,
    shares: dict[int, dict[str, float]],
    residents: dict[int, int],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """One workbook's rows: every function × (budget, regnskab) × year."""
    cond = world.condition[code]
    rows = []
    for y in range(world.first_year, world.last_year + 1):
        deviation = rng.normal(-0.005 - 0.005 * cond, 0.025)
        for function, title, level, driver, elasticity in FUNCTIONS:
            rel = 1.0 if driver == "all" else shares[y][driver] / _NATIONAL[driver]
            actual = (
                level
                * rel
                * np.exp(elasticity * cond)
                * price_index(y)
                * rng.lognormal(0, 0.05)
                * residents[y]
            )
            budget = actual / (1 + deviation + rng.normal(0, 0.03))
            for kind, amount in (("budget", budget), ("regnskab", actual)):
                rows.append(
                    (code, y, function, title, int(function[0]), kind, float(round(amount)))
                )
    return pd.DataFrame(
        rows,
        columns=[
            "municipality",
            "year",
            "function",
            "function_name",
            "main_account",
            "kind",
            "amount_dkk",
        ],
    )


def socioeconomic(code: str, world: World, group: str, rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic structural indicators driven by the same condition (not Statistics Denmark's)."""
    cond = world.condition[code]
    urban_base = {"1": 98, "2": 92, "3": 85, "4": 70, "5": 60}[group]
    non_western = 7 + 4 * (group in ("1", "2")) - 1.5 * cond + rng.normal(0, 1.5)
    basic = 22 - 4 * cond + rng.normal(0, 1.5)
    urban = urban_base + rng.normal(0, 3)
    rows = []
    for y in range(world.first_year, world.last_year + 1):
        t = y - 2015
        rows.append(
            {
                "municipality": code,
                "year": y,
                "socioeconomic_index": round(cond + rng.normal(0, 0.02), 3),
                "disposable_income_dkk": float(round(230_000 * np.exp(0.15 * cond) * 1.025**t, -2)),
                "basic_education_share": round(float(np.clip(basic * 0.985**t, 5, 45)), 1),
                "non_western_share": round(float(np.clip(non_western * 1.02**t, 1, 40)), 1),
                "urban_share": round(float(np.clip(urban + 0.2 * t, 20, 100)), 1),
            }
        )
    return pd.DataFrame(rows)
