"""The demo's ingest step: every dataset folder the generator left in `<home>/extracts` goes
through the same pipeline a municipality's files do. Idempotent: a file already loaded is
recognised by its checksum and skipped, so `faelled demo` can run again and again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from faelled.catalog.contracts import load_contracts
from faelled.ingest.api import ingest
from faelled.settings import Settings


def extracts_dir(settings: Settings) -> Path:
    return settings.home / "extracts"


def ingest_extracts(
    settings: Settings,
    progress: Callable[[str], None] = print,
    on_dataset: Callable[[str, int, int], None] | None = None,
) -> dict[str, Counter[str]]:
    """Load each `<home>/extracts/<dataset>/` folder; returns the outcome counts per dataset.
    Without extracts (no generator step yet) it does nothing. `on_dataset(name, i, total)` is
    told before each folder (i counts from 0), for a progress bar."""
    root = extracts_dir(settings)
    out: dict[str, Counter[str]] = {}
    if not root.is_dir():
        return out
    contracts = load_contracts(settings)
    # Population first: the plausibility rules of the others compare with it.
    folders = sorted(
        (p for p in root.iterdir() if p.is_dir()), key=lambda p: (p.name != "population", p.name)
    )
    for i, folder in enumerate(folders):
        if on_dataset is not None:
            on_dataset(folder.name, i, len(folders))
        contract = contracts.get(folder.name)
        if contract is None:
            progress(f"ingest: {folder.name}: ingen kontrakt / no contract, skipped")
            continue
        # One load per dataset: thousands of small files in a few statements, not one by one.
        results = ingest(settings, [folder], contract, actor="demo", one_load=True)
        counts: Counter[str] = Counter(str(r.status) for r in results)
        out[folder.name] = counts
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        progress(f"ingest: {folder.name}: {summary}")
    return out
