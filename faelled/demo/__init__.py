"""The demo commons: everything `faelled demo` builds before it serves.

Each step is idempotent and builds on what already exists in FAELLED_HOME, so the demo always
works, whatever later parts of Fælled have added."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from faelled.engine import Database, migrate, open_database
from faelled.settings import Settings
from faelled.survey.demo import build_demo_surveys
from faelled.survey.instruments import catalog

Progress = Callable[[str], None]
# Where the build is, for a progress bar: (step, percent done, detail). Steps: generate, prepare,
# ingest, compute, decisions, catalogue (texts in faelled.web.demo_build).
Stage = Callable[[str, int, str], None]
DEMO_SEED = 1
DEMO_YEARS = (2020, 2024)  # five years: enough for trends, quick enough for `make demo`
DEMO_DIRTY = 0.001  # a few errors in most datasets, so validation has findings to show


@dataclass
class DemoSummary:
    steps: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)


def build_demo(
    settings: Settings,
    *,
    scale: float = 0.02,
    progress: Progress = print,
    stage: Stage | None = None,
) -> DemoSummary:
    """The whole build; `progress` gets a line per finished step, `stage` where it is (both as
    the build runs, so `faelled demo` can serve while it builds, DESIGN decision 4)."""
    summary = DemoSummary()
    at: Stage = stage or (lambda _step, _percent, _detail: None)

    def step(line: str) -> None:
        summary.steps.append(line)
        progress(line)

    at("generate", 0, "")
    step(
        generate_extracts(
            settings.home / "extracts",
            scale,
            lambda i, total, code: at("generate", 30 * i // max(total, 1), _name(code)),
        )
    )
    at("prepare", 30, "")
    with open_database(settings) as db:
        applied = migrate(db)
        step(f"schema: {len(applied)} migration(s) applied")
        created = build_demo_surveys(db, catalog(settings.content_dir), date.today(), progress)
        step(f"survey: {len(created)} initiative(s) with two rounds created")
        from faelled.demo.access import seed_access

        step(seed_access(db))
    # The generated extracts go through the real ingest pipeline (one load per dataset folder).
    from faelled.ingest.demo import ingest_extracts

    def dataset(name: str, i: int, total: int) -> None:
        at("ingest", 33 + (70 - 33) * i // max(total, 1), name)

    at("ingest", 33, "")
    ingest_extracts(settings, progress=step, on_dataset=dataset)
    with open_database(settings) as db:
        compute_key_figures(db, settings, step, at)
        summary.tables = db.row_counts()
    at("done", 100, "")
    return summary


def _name(code: str) -> str:
    from faelled.reference import reference

    names = {m.code: m.name for m in reference().municipalities}
    return names.get(code, code)


def compute_key_figures(
    db: Database, settings: Settings, progress: Progress, stage: Stage | None = None
) -> None:
    """The shipped key figures over what was loaded (only those whose inputs changed), and
    Kolada's 6,099 definitions in the catalogue so its search has a real-size set."""
    from faelled.catalog.kpis import load_kpis
    from faelled.kpi.catalogue import (
        EXTERNAL_TABLE,
        import_entries,
        read_kolada_metadata,
        shipped_kolada,
    )
    from faelled.kpi.compute import compute
    from faelled.privacy.decisions import precompute

    at: Stage = stage or (lambda _step, _percent, _detail: None)
    kpis = load_kpis(settings)
    finished: list[str] = []

    def computed(r: Any) -> None:
        finished.append(r.kpi)
        at("compute", 70 + (92 - 70) * len(finished) // max(len(kpis), 1), r.kpi)

    at("compute", 70, "")
    results = compute(db, settings, progress=computed)
    done = [r for r in results if not r.skipped]
    progress(f"key figures: {len(done)} computed, {len(results) - len(done)} unchanged")
    at("decisions", 92, "")
    decided = precompute(db, kpis)
    progress(f"suppression: {decided} decision(s) made ahead of the first request")
    at("catalogue", 96, "")
    catalogue = db.table(EXTERNAL_TABLE)
    if int(catalogue.filter(catalogue.source == "kolada").count().execute()) == 0:
        n = import_entries(db, read_kolada_metadata(shipped_kolada()), "kolada")
        progress(f"catalogue: {n} Kolada definitions imported (Källa: Kolada)")


def generate_extracts(
    out: Path, scale: float, on_municipality: Callable[[int, int, str], None] | None = None
) -> str:
    """The municipalities' synthetic extracts, unless the folder already holds them for the
    same arguments (the manifest records the arguments)."""
    from faelled.generate import GenerateOptions, generate

    opts = GenerateOptions(
        out=out,
        scale=scale,
        seed=DEMO_SEED,
        first_year=DEMO_YEARS[0],
        last_year=DEMO_YEARS[1],
        dirty=DEMO_DIRTY,
    )
    manifest = out / "manifest.json"
    if manifest.exists():
        try:
            previous = json.loads(manifest.read_text(encoding="utf-8")).get("arguments")
        except (OSError, ValueError):
            previous = None
        if previous == opts.arguments():
            return f"extracts: already generated in {out}"
    result = generate(opts, on_municipality)
    files = sum(d["files"] for d in result["datasets"].values())
    return f"extracts: {files} files generated in {out} (scale {scale})"
