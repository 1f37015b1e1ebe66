"""A small commons for the web tests: all 98 municipalities, 2019–2024, five KPI definitions (four
published, one draft) in a user content directory, computed by the real KPI engine.

Seeded and reproducible. The four smallest island municipalities get so few persons on benefits
that their figures fall under the suppression rule, so every page and format shows suppressed
values. Built once per test session and copied for each server, because DuckDB lets one process
hold the file."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from faelled.catalog.kpis import KPI
from faelled.engine import Database, migrate
from faelled.kpi.compute import compute_kpi
from faelled.reference import reference
from faelled.settings import Settings

from .kpi_fixtures import SCHEMAS

YEARS = list(range(2019, 2025))
SMALL = ("825", "563", "741", "492")  # Læsø, Fanø, Samsø, Ærø: suppressed figures
DRAFT = "ex_draft_youth_share"
# Structural data for benchmarking; not an input of any KPI here.
SOCIO_SCHEMA = {
    "municipality": "string",
    "year": "int64",
    "socioeconomic_index": "float64",
    "disposable_income_dkk": "float64",
    "basic_education_share": "float64",
    "non_western_share": "float64",
    "urban_share": "float64",
}


def _benefit_measure(extra_where: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "dataset": "benefit_spells",
        "aggregate": "count_distinct",
        "column": "person_id",
        "period": {"kind": "overlaps", "start": "start_date", "end": "end_date"},
        "join": {"dataset": "persons", "on": ["person_id"], "columns": ["birth_year", "sex"]},
        "derive": {"age": {"kind": "age_from_birth_year", "column": "birth_year"}},
        "where": [{"column": "age", "op": "between", "value": [16, 66]}, *(extra_where or [])],
    }


def _population(low: int, high: int) -> dict[str, Any]:
    return {
        "dataset": "population",
        "aggregate": "sum",
        "column": "count",
        "period": {"kind": "column", "column": "year"},
        "where": [{"column": "age", "op": "between", "value": [low, high]}],
    }


def kpi_specs() -> list[dict[str, Any]]:
    text = {"da": "Testnøgletal over de syntetiske testdata.", "en": "A test KPI."}
    return [
        {
            "id": "ex_benefit_share",
            "status": "published",
            "domain": "employment",
            "title": {
                "da": "Andel 16-66-årige på offentlig forsørgelse",
                "en": "Share of 16-66-year-olds on public benefits",
            },
            "description": text,
            "unit": "percent",
            "direction": "lower_is_better",
            "scale": 100,
            "breakdowns": ["sex"],
            "numerator": {**_benefit_measure(), "description": {"da": "Personer", "en": "Persons"}},
            "denominator": {**_population(16, 66), "description": {"da": "Bef.", "en": "Pop."}},
            "publication_date": "2025-03-01",
            "source": {"da": "Kommunernes fagsystemer", "en": "Case systems"},
        },
        {
            "id": "ex_kontanthjaelp_persons",
            "status": "published",
            "domain": "employment",
            "title": {"da": "Personer på kontanthjælp", "en": "Persons on social assistance"},
            "description": text,
            "unit": "number",
            "direction": "lower_is_better",
            "numerator": _benefit_measure(
                [{"column": "benefit", "op": "eq", "value": "kontanthjælp"}]
            ),
        },
        {
            "id": "ex_elderly_share",
            "status": "published",
            "domain": "elderly",
            "title": {"da": "Andel af befolkningen 67+", "en": "Share of the population 67+"},
            "description": text,
            "unit": "percent",
            "direction": "neutral",
            "scale": 100,
            "numerator": _population(67, 120),
            "denominator": _population(0, 120),
        },
        {
            "id": "ex_mean_age_on_benefits",
            "status": "published",
            "domain": "employment",
            "title": {
                "da": "Gennemsnitsalder for personer på ydelse",
                "en": "Mean age of persons on benefits",
            },
            "description": text,
            "unit": "number",
            "direction": "neutral",
            "numerator": {**_benefit_measure(), "aggregate": "mean", "column": "age"},
        },
        {
            "id": DRAFT,
            "status": "draft",
            "domain": "employment",
            "title": {"da": "Andel unge på ydelse (kladde)", "en": "Share of young people (draft)"},
            "description": text,
            "unit": "percent",
            "direction": "lower_is_better",
            "scale": 100,
            "numerator": _benefit_measure([{"column": "age", "op": "le", "value": 24}]),
            "denominator": _population(16, 24),
        },
    ]


def _data(seed: int = 7) -> dict[str, pa.Table]:
    rng = random.Random(seed)
    pop: list[tuple[Any, ...]] = []
    persons: list[tuple[Any, ...]] = []
    spells: list[tuple[Any, ...]] = []
    benefits = ["kontanthjælp", "sygedagpenge", "a-dagpenge"]
    shares: dict[str, float] = {}
    for m in reference().municipalities:
        small = m.code in SMALL
        size = rng.randint(8, 14) if small else rng.randint(60, 400)
        share = rng.uniform(0.04, 0.14)
        shares[m.code] = share
        for y in YEARS:
            trend = 1 + 0.03 * (y - YEARS[0]) * (1 if rng.random() < 0.5 else -1)
            for sex in ("K", "M"):
                for age, weight in ((10, 0.9), (20, 1.0), (40, 1.4), (60, 1.1), (75, 0.7)):
                    pop.append((m.code, y, sex, age, max(1, round(size * weight))))
            on_benefit = 1 + (y % 2) if small else max(3, round(size * 2 * 3.5 * share * trend))
            for i in range(on_benefit):
                pid = f"p{m.code}-{y}-{i}"
                persons.append((pid, y - rng.randint(18, 64), rng.choice("KM")))
                start = date(y, 1, 1) + timedelta(days=rng.randint(0, 200))
                end = start + timedelta(days=rng.randint(20, 150))
                spells.append((pid, m.code, y, rng.choice(benefits), start, end))
    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "date": pa.date32(),
        "float64": pa.float64(),
    }

    def table(rows: list[tuple[Any, ...]], name: str) -> pa.Table:
        schema = SCHEMAS.get(name, SOCIO_SCHEMA)
        return pa.table(
            {c: pa.array([r[i] for r in rows], types[t]) for i, (c, t) in enumerate(schema.items())}
        )

    return {
        "population": table(pop, "population"),
        "persons": table(persons, "persons"),
        "benefit_spells": table(spells, "benefit_spells"),
        "socioeconomic": table(_socioeconomic(shares, seed), "socioeconomic"),
    }


def _socioeconomic(shares: dict[str, float], seed: int) -> list[tuple[Any, ...]]:
    """Structural data for benchmarking (peer groups, expected versus actual): the index
    follows the benefit share each municipality was drawn with, plus noise. Its own random
    stream, so the other tables stay as they were."""
    rng = random.Random(seed + 1000)
    rows = []
    for code, share in shares.items():
        base = {
            "index": 100 - 400 * (share - 0.09) + rng.gauss(0, 4),
            "basic": 20 + 100 * share + rng.gauss(0, 2),
            "western": rng.uniform(3, 15),
            "urban": rng.uniform(40, 99),
            "income": rng.uniform(180_000, 260_000),
        }
        for y in YEARS:
            drift = 1 + 0.005 * (y - YEARS[0])
            rows.append(
                (
                    code,
                    y,
                    base["index"] + rng.gauss(0, 0.5),
                    base["income"] * drift,
                    base["basic"] + rng.gauss(0, 0.2),
                    base["western"] + rng.gauss(0, 0.1),
                    min(100.0, base["urban"] + rng.gauss(0, 0.2)),
                )
            )
    return rows


def build(root: Path) -> Settings:
    """Write the content directory and the database under `root`; return their settings."""
    content = root / "content"
    (content / "kpis").mkdir(parents=True)
    for spec in kpi_specs():
        (content / "kpis" / f"{spec['id']}.yaml").write_text(
            yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    settings = Settings(home=root / "home", content_dir=content)
    with Database(settings) as db:
        migrate(db)
        for name, t in _data().items():
            db.backend.create_table(name, t, overwrite=True)
        for spec in kpi_specs():
            compute_kpi(db, KPI.model_validate(spec), SCHEMAS)
    return settings


def copy(settings: Settings, root: Path) -> Settings:
    """A copy of a built commons (its own database file) under `root`."""
    assert settings.content_dir is not None
    shutil.copytree(settings.home, root / "home")
    return Settings(home=root / "home", content_dir=settings.content_dir)
