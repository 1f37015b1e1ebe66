"""Suppression decisions decided ahead: after a compute run, the secondary-suppression pattern of
every KPI × period is decided once and stored, so no request pays for it cold (0.1–4 s each).

Each stored decision carries a fingerprint of exactly what the decision depends on: the KPI's
suppression settings, every cell's key, `n` and numerator for that period, and the source of the
deciding code. A server uses a stored decision only when the fingerprint of the rows it serves is
the same, so a stale or foreign decision is never served — it falls back to deciding cold, which
gives the same answer (`disclosure.decide` is the one function both paths call).

    suppression_decisions   kpi, period, fingerprint, cells (JSON [[area_type, area, breakdown]]),
                            decided_at
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa

from faelled.catalog.kpis import KPI
from faelled.engine.database import Database
from faelled.engine.migrations import Migration
from faelled.engine.writes import replace_where
from faelled.privacy.disclosure import Cells, Source, cell_key, decide
from faelled.privacy.suppression import MIN_PERSONS

DECISIONS = "suppression_decisions"
KPI_VALUES = "kpi_values"
SCHEMA = ibis.schema(
    {
        "kpi": dt.string,
        "period": dt.string,
        "fingerprint": dt.string,
        "cells": dt.string,
        "decided_at": dt.Timestamp(timezone="UTC"),
    }
)
# The code a decision depends on: a change to it makes every stored decision stale.
_DECIDING_CODE = ("disclosure.py", "kpi_tables.py", "secondary.py", "suppression.py")


def _create(db: Database) -> None:
    if not db.has_table(DECISIONS):
        db.backend.create_table(DECISIONS, schema=SCHEMA)


MIGRATIONS = [Migration("privacy:1", "precomputed suppression decisions", _create)]


@cache
def _code_digest() -> bytes:
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in _DECIDING_CODE:
        h.update((here / name).read_bytes())
    return h.digest()


def fingerprint(kpi: KPI, rows: Iterable[Mapping[str, Any]]) -> str:
    """What one KPI and period's decision depends on, as a hex digest."""
    h = hashlib.sha256(_code_digest())
    settings = (kpi.n_is_persons, kpi.min_n, kpi.numerator.aggregate, MIN_PERSONS)
    h.update(repr(settings).encode())
    for key, n, numerator in sorted((cell_key(r), r.get("n"), r.get("numerator")) for r in rows):
        h.update(repr((key, n, numerator)).encode())
    return h.hexdigest()


def _by_period(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    out: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        out[str(r["period"])].append(r)
    return out


def stored(db: Database, kpi: str | None = None) -> dict[tuple[str, str], tuple[str, Cells]]:
    """(kpi, period) → (fingerprint, suppressed cells) as stored."""
    if not db.has_table(DECISIONS):
        return {}
    t = db.table(DECISIONS)
    if kpi is not None:
        t = t.filter(t.kpi == kpi)
    out: dict[tuple[str, str], tuple[str, Cells]] = {}
    for r in t.select("kpi", "period", "fingerprint", "cells").to_pyarrow().to_pylist():
        cells = frozenset((a, b, c) for a, b, c in json.loads(r["cells"]))
        out[(r["kpi"], r["period"])] = (r["fingerprint"], cells)
    return out


def precompute(
    db: Database,
    kpis: Mapping[str, KPI],
    *,
    progress: Callable[[str, int], None] | None = None,
) -> int:
    """Decide and store the suppression of every KPI × period in `kpi_values` whose inputs
    changed since the stored decision; return how many decisions were made. Decisions of KPIs
    that no longer have values are removed."""
    if not db.has_table(KPI_VALUES) or not db.has_table(DECISIONS):
        return 0
    kv = db.table(KPI_VALUES)
    wanted = ["kpi", "period", "area_type", "area", "breakdown", "n", "numerator"]
    present = set(kv.select("kpi").distinct().to_pyarrow().column(0).to_pylist())
    made = 0
    for kpi_id in sorted(present):
        kpi = kpis.get(kpi_id)
        if kpi is None:
            continue  # values of a KPI no longer defined are not served
        rows = kv.filter(kv.kpi == kpi_id).select(*wanted).to_pyarrow().to_pylist()
        before = stored(db, kpi_id)
        out: list[dict[str, Any]] = []
        changed = 0
        now = datetime.now(UTC)
        for period, period_rows in sorted(_by_period(rows).items()):
            fp = fingerprint(kpi, period_rows)
            old = before.get((kpi_id, period))
            if old is not None and old[0] == fp:
                cells, at = old[1], None
            else:
                cells, at = decide(kpi, period_rows), now
                changed += 1
            out.append(
                {
                    "kpi": kpi_id,
                    "period": period,
                    "fingerprint": fp,
                    "cells": json.dumps(sorted(cells), ensure_ascii=False),
                    "decided_at": at,
                }
            )
        if changed or len(out) != len(before):
            _keep_times(out, db, kpi_id, now)
            replace_where(db, DECISIONS, {"kpi": kpi_id}, pa.Table.from_pylist(out, _arrow()))
        made += changed
        if progress is not None:
            progress(kpi_id, changed)
    for kpi_id in sorted({k for k, _ in stored(db)} - present):
        replace_where(db, DECISIONS, {"kpi": kpi_id}, pa.Table.from_pylist([], _arrow()))
    return made


def _keep_times(out: list[dict[str, Any]], db: Database, kpi_id: str, now: datetime) -> None:
    """Unchanged decisions keep when they were decided."""
    t = db.table(DECISIONS)
    times = {
        r["period"]: r["decided_at"]
        for r in t.filter(t.kpi == kpi_id).select("period", "decided_at").to_pyarrow().to_pylist()
    }
    for r in out:
        if r["decided_at"] is None:
            r["decided_at"] = times.get(r["period"]) or now


@cache
def _arrow() -> pa.Schema:
    return SCHEMA.to_pyarrow()


def apply(
    source: Source,
    kpis: Mapping[str, KPI],
    decisions: Mapping[tuple[str, str], tuple[str, Cells]],
) -> int:
    """Put each stored decision whose fingerprint matches the source's rows into the source's
    cache; return how many were used. The rest will be decided cold when first asked for."""
    used = 0
    wanted = {k for k, _ in decisions}
    for kpi_id in sorted(wanted):
        kpi = kpis.get(kpi_id)
        if kpi is None:
            continue
        for period, rows in _by_period(source.iter_rows(kpi_id)).items():
            found = decisions.get((kpi_id, period))
            if found is not None and found[0] == fingerprint(kpi, rows):
                source.suppressed.setdefault((kpi_id, period), found[1])
                used += 1
    return used


def generation(db: Database) -> tuple[Any, ...]:
    """Changes when decisions are stored: a server re-reads its snapshot to pick them up."""
    if not db.has_table(DECISIONS):
        return (0, None)
    t = db.table(DECISIONS)
    stats = t.aggregate(n=t.count(), last=t.decided_at.max()).to_pyarrow().to_pylist()
    return (stats[0]["n"], stats[0]["last"])
