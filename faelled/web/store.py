"""The served copy of the key figures: `kpi_values` and the KPI definitions, held in memory by the
web server and refreshed when a compute run lands.

Why a copy: `kpi_values` changes only when `compute` runs, while the pages and the API read it on
every request. One DuckDB connection serves the whole process one query at a time (DESIGN
decision 4), so a query per request puts every request in one queue. The server instead reads the
table once per generation — the number and last start of `kpi_runs` plus the size of the imported
catalogue — checks that generation at most once a `ttl` (one second), and answers from an index:
KPI → area → rows. A run therefore shows within a second, on DuckDB and on PostgreSQL alike.
The structural covariates benchmarking needs (peer groups, expected-versus-actual) are read with
each generation too: loading structural data without a compute run shows at the next run.

Rows here are the raw computed values. Nothing is served from this module directly: every read
goes through `faelled.web.serving`, which asks the policy and suppresses."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from faelled.benchmark.data import read_covariates
from faelled.catalog.kpis import KPI, load_kpis
from faelled.engine.database import Database
from faelled.errors import NotFound
from faelled.kpi.catalogue import EXTERNAL_TABLE, Catalogue, Entry, external_entries
from faelled.kpi.store import KPI_RUNS, KPI_VALUES
from faelled.privacy import decisions
from faelled.settings import Settings

AreaKey = tuple[str, str]  # (area_type, area)
Row = dict[str, Any]


@dataclass
class Snapshot:
    """One generation of the key figures."""

    generation: tuple[Any, ...]
    kpis: dict[str, KPI]
    # kpi → (area_type, area) → rows sorted by period, breakdown
    index: dict[str, dict[AreaKey, list[Row]]]
    periods: dict[str, list[str]]  # kpi → its period labels ("2024", "2023/24"), ascending
    external: list[Entry] = field(default_factory=list)
    rows: int = 0
    _catalogues: dict[str, Catalogue] = field(default_factory=dict)
    # (language, id of a raw row) → the row as the public may see it, encoded as JSON: policy
    # and suppression give the same answer for the public for the whole generation, so each
    # row is disclosed and encoded once, not on every request (see api_values.py).
    public_json: dict[tuple[str, int], str] = field(default_factory=dict)
    # (kpi, period) → the cells suppression hides, decided on the full table (serving.py).
    suppressed: dict[tuple[str, str], frozenset[tuple[str, str, str]]] = field(default_factory=dict)
    # Municipality × year → structural indicators (faelled.benchmark.data); None when the
    # structural datasets are not loaded.
    covariates: pd.DataFrame | None = None
    # Derived answers that hold for the whole generation (peer groups, model fits), by key.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def has_values(self, kpi_id: str) -> bool:
        return bool(self.index.get(kpi_id))

    def area_rows(self, kpi_id: str, area_type: str, area: str) -> list[Row]:
        return self.index.get(kpi_id, {}).get((area_type, area), [])

    def iter_rows(self, kpi_id: str, area_type: str | None = None) -> Iterator[Row]:
        for (atype, _), rows in self.index.get(kpi_id, {}).items():
            if area_type is None or atype == area_type:
                yield from rows

    def memoised(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """`build()` once per generation and key; two requests may build at once, the first
        answer is kept."""
        if key not in self.memo:
            self.memo.setdefault(key, build())
        return self.memo[key]

    def catalogue(self, key: str, build: Callable[[], Catalogue]) -> Catalogue:
        """A search index built once per generation (and per key: language, readable set)."""
        if key not in self._catalogues:
            self._catalogues[key] = build()
        return self._catalogues[key]


def _generation(db: Database) -> tuple[Any, ...]:
    runs = db.table(KPI_RUNS)
    stats = runs.aggregate(n=runs.count(), last=runs.started_at.max()).to_pyarrow().to_pylist()
    external = (
        int(db.table(EXTERNAL_TABLE).count().execute()) if db.has_table(EXTERNAL_TABLE) else 0
    )
    return (stats[0]["n"], stats[0]["last"], external, *decisions.generation(db))


def _read(db: Database, settings: Settings, generation: tuple[Any, ...]) -> Snapshot:
    kpis = load_kpis(settings)
    index: dict[str, dict[AreaKey, list[Row]]] = defaultdict(lambda: defaultdict(list))
    periods: dict[str, set[str]] = defaultdict(set)
    rows = db.table(KPI_VALUES).to_pyarrow().to_pylist()
    for r in rows:
        index[r["kpi"]][(r["area_type"], r["area"])].append(r)
        periods[r["kpi"]].add(str(r["period"]))
    for by_area in index.values():
        for area_rows in by_area.values():
            area_rows.sort(key=lambda r: (r["period"], r["breakdown"]))
    snap = Snapshot(
        generation=generation,
        kpis=kpis,
        index={k: dict(v) for k, v in index.items()},
        periods={k: sorted(v) for k, v in periods.items()},
        external=external_entries(db),
        rows=len(rows),
        covariates=_covariates(db),
    )
    # Decisions precomputed after the compute run, where they match these rows (privacy.decisions).
    decisions.apply(snap, kpis, decisions.stored(db))
    return snap


def _covariates(db: Database) -> pd.DataFrame | None:
    try:
        return read_covariates(db)
    except NotFound:
        return None


class ValueStore:
    """Holds the current snapshot; `get` refreshes it when the database has a new generation."""

    def __init__(
        self,
        settings: Settings,
        connection: Callable[[], AbstractContextManager[Database]],
        ttl: float = 1.0,
    ) -> None:
        self.settings = settings
        self._connection = connection  # yields the server's database, under its lock
        self.ttl = ttl
        self._snapshot: Snapshot | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def fresh(self) -> Snapshot | None:
        """The snapshot if it was checked within `ttl`, without touching the database."""
        snap = self._snapshot
        return snap if snap is not None and time.monotonic() - self._checked < self.ttl else None

    def get(self) -> Snapshot:
        now = time.monotonic()
        snap = self._snapshot
        if snap is not None and now - self._checked < self.ttl:
            return snap
        with self._lock:
            if self._snapshot is not None and now - self._checked < self.ttl:
                return self._snapshot
            with self._connection() as db:
                generation = _generation(db)
                if self._snapshot is None or self._snapshot.generation != generation:
                    self._snapshot = _read(db, self.settings, generation)
            self._checked = time.monotonic()
            return self._snapshot

    def invalidate(self) -> None:
        """Read again on the next request (after a compute inside this process)."""
        self._checked = 0.0
        self._snapshot = None
