"""Disclosing computed key figures: which cells of a KPI and period are suppressed, and the
public form of raw `kpi_values` rows. The web server (`faelled.web.serving`), the command line
(`faelled kpi values`) and the precomputed decisions (`faelled.privacy.decisions`) all use this
one module, so every path gives the same answer.

Suppression follows DESIGN decision 8: a value behind fewer than 3 persons is a primary cell —
whether the persons are the denominator's (`n`) or, where the numerator counts persons, the
numerator's — and a KPI's own `min_n` raises that floor for the denominator. Secondary suppression
(`kpi_tables`) then decides, once per KPI and period over every area and breakdown, which further
cells to blank so that no suppressed value can be recomputed. The rows are put in one canonical
order before deciding, so the decision depends on the table alone, not on the order a database
scan happened to return it in."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from faelled.access import Actor, is_allowed
from faelled.catalog.kpis import KPI
from faelled.privacy.kpi_tables import suppressed_rows
from faelled.privacy.suppression import MIN_PERSONS, SUPPRESSED

Row = dict[str, Any]
CellKey = tuple[str, str, str]  # (area_type, area, breakdown)
Cells = frozenset[CellKey]
TOTAL = "total"  # the public name of the whole-area breakdown ("" in kpi_values)
VALUE_FIELDS = ["value", "value_unweighted", "numerator", "denominator"]


def _numerator_counts_persons(kpi: KPI) -> bool:
    return kpi.n_is_persons and kpi.numerator.aggregate in ("count", "count_distinct")


def _floor(kpi: KPI) -> int:
    return max(MIN_PERSONS if kpi.n_is_persons else 0, kpi.min_n)


def is_primary(kpi: KPI, row: Mapping[str, Any]) -> bool:
    """Too few persons behind the value to publish it at all (primary suppression)."""
    n, numerator = row.get("n"), row.get("numerator")
    if n is not None and 0 < n < _floor(kpi):
        return True
    return _numerator_counts_persons(kpi) and numerator is not None and 0 < numerator < MIN_PERSONS


def cell_key(row: Mapping[str, Any]) -> CellKey:
    return (str(row["area_type"]), str(row["area"]), str(row["breakdown"] or ""))


def decide(kpi: KPI, rows: Iterable[Mapping[str, Any]]) -> Cells:
    """The cells of one KPI and period (all its rows: every area and breakdown) not to publish:
    primary and secondary suppression, decided on the full table in a canonical order."""
    ordered = sorted(rows, key=cell_key)
    hidden = suppressed_rows(ordered, sensitive=lambda r: is_primary(kpi, r))
    return frozenset(cell_key(ordered[i]) for i in hidden)


class Source(Protocol):
    """What deciding needs: a KPI's raw rows, and a cache of decisions per (KPI, period).
    The web server's `Snapshot` is one; `KpiRows` is the command line's."""

    suppressed: dict[tuple[str, str], Cells]

    def iter_rows(self, kpi_id: str, area_type: str | None = None) -> Iterator[Row]: ...


@dataclass
class KpiRows:
    """One KPI's raw rows (every area and breakdown), for callers outside the web server that
    disclose figures and so need the full table's decision."""

    kpi: str
    rows: list[Row]
    suppressed: dict[tuple[str, str], Cells] = field(default_factory=dict)

    def iter_rows(self, kpi_id: str, area_type: str | None = None) -> Iterator[Row]:
        if kpi_id != self.kpi:
            return
        yield from (r for r in self.rows if area_type is None or r["area_type"] == area_type)


_decision_lock = threading.Lock()


def suppressed_cells(source: Source, kpi: KPI, period: str) -> Cells:
    """The cells of one KPI and period that are not published: from the source's cache (which a
    precomputed decision fills, see `decisions.py`), else decided now and kept."""
    key = (kpi.id, period)
    found = source.suppressed.get(key)
    if found is not None:
        return found
    found = decide(kpi, (r for r in source.iter_rows(kpi.id) if str(r["period"]) == period))
    with _decision_lock:  # two requests may decide at once: the same answer, kept once
        return source.suppressed.setdefault(key, found)


def disclose(actor: Actor, source: Source, kpi: KPI, rows: Iterable[Row]) -> list[Row]:
    """The public form of raw `kpi_values` rows: suppressed where the full table's decision says
    so, breakdown "" renamed "total", `suppressed` set. The input rows are not changed."""
    out: list[Row] = []
    for raw in rows:
        row = dict(raw)
        row["breakdown"] = row["breakdown"] or TOTAL
        if row["area_type"] == "municipality" and is_allowed(
            actor, "read", f"kpi:{row['area']}:{kpi.domain}:unsuppressed"
        ):
            row["suppressed"] = False  # the municipality's own analysts see their own figures
            out.append(row)
            continue
        cells = suppressed_cells(source, kpi, str(raw["period"]))
        hidden = cell_key(raw) in cells
        if hidden:
            for f in [*VALUE_FIELDS, "n"]:
                row[f] = SUPPRESSED
        row["suppressed"] = hidden
        out.append(row)
    return out
