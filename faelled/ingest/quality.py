"""Data-quality scores per dataset × municipality × load, for the quality views and the data
quality KPIs. Each is a share in [0, 1]:

    completeness  required cells that hold a value
    validity      rows that pass every error rule (the rest are quarantined)
    uniqueness    rows whose key no earlier row in the delivery has
    timeliness    1 when the data arrives within 90 days of its period's end, falling linearly
                  to 0 a year later; empty when the contract has no period or year
    score         the mean of those present
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import ibis
import ibis.expr.types as ir

from faelled.catalog.contracts import ColumnType, Contract
from faelled.validate.checks import municipality_column
from faelled.validate.compiled import fetch_rows
from faelled.validate.run import Outcome

GRACE_DAYS = 90
DECAY_DAYS = 365


def _period_end(contract: Contract, t: ir.Table) -> tuple[ir.Value, str] | None:
    """An expression for the latest period in a group, and how to read it."""
    if contract.period is not None:
        col = contract.column(contract.period.column)
        v = t[col.name]
        if col.type is ColumnType.date:
            return v.max(), "date"
        if col.type is ColumnType.integer:
            return v.max(), "yyyymm" if contract.period.grain == "month" else "year"
        return v.max(), "text"
    for name in contract.partition.columns:
        col = contract.column(name)
        if col.type is ColumnType.integer and name in ("year", "aar", "år"):
            return t[name].max(), "year"
    return None


def _as_date(value: Any, how: str) -> date | None:
    if value is None:
        return None
    try:
        if how == "date":
            return value if isinstance(value, date) else None
        if how == "year":
            return date(int(value), 12, 31)
        if how == "yyyymm":
            y, m = divmod(int(value), 100)
            return date(y + (m == 12), m % 12 + 1, 1)
        text = str(value)
        if len(text) >= 7 and text[4] in "-/":  # "2023-01", "2023/24" (a school year)
            y = int(text[:4])
            return date(y + 1, 7, 31) if text[4] == "/" else date(y, int(text[5:7]), 28)
        return date(int(text[:4]), 12, 31)
    except (ValueError, TypeError):
        return None


def timeliness(end: date | None, loaded: datetime) -> float | None:
    if end is None:
        return None
    lag = (loaded.date() - end).days
    return max(0.0, min(1.0, 1 - max(0, lag - GRACE_DAYS) / DECAY_DAYS))


def scores(
    outcome: Outcome,
    contract: Contract,
    load_id: str,
    *,
    fallback_municipality: str | None,
    loaded_at: datetime | None = None,
) -> list[dict[str, Any]]:
    """One quality row per municipality in the delivery (one grouped query)."""
    loaded_at = loaded_at or datetime.now(UTC)
    t = outcome.table
    muni = municipality_column(contract)
    missing = [c.fails for c in outcome.checks if c.rule == "missing-value"]
    n_required = len(missing)
    metrics: dict[str, ir.Value] = {"n": t.count(), "invalid": outcome.invalid.sum()}
    for i, m in enumerate(missing):
        metrics[f"m{i}"] = m.sum()
    metrics["dup"] = outcome.duplicate.sum() if outcome.duplicate is not None else ibis.literal(0)
    period = _period_end(contract, t)
    if period is not None:
        metrics["period"] = period[0]
    by = {"code": t[muni.name]} if muni is not None else {"code": ibis.literal(None, str)}
    rows = fetch_rows(t.group_by(**by).aggregate(**metrics))
    # Rows whose municipality could not be read count towards the delivery's municipality.
    totals: dict[str, dict[str, Any]] = {}
    for r in rows:
        code = r["code"] or fallback_municipality
        if code is None:
            continue
        acc = totals.setdefault(code, {"n": 0, "invalid": 0, "dup": 0, "miss": 0, "period": None})
        acc["n"] += int(r["n"])
        acc["invalid"] += int(r["invalid"] or 0)
        acc["dup"] += int(r["dup"] or 0)
        acc["miss"] += sum(int(r[f"m{i}"] or 0) for i in range(n_required))
        if r.get("period") is not None and r["code"] is not None:
            acc["period"] = r["period"]
    out = []
    for code, acc in sorted(totals.items()):
        n = acc["n"]
        cells = n * n_required
        q: dict[str, Any] = {
            "dataset": contract.name,
            "municipality": code,
            "load_id": load_id,
            "completeness": 1 - acc["miss"] / cells if cells else 1.0,
            "validity": 1 - acc["invalid"] / n,
            "uniqueness": 1 - acc["dup"] / n,
            "timeliness": timeliness(_as_date(acc["period"], period[1]), loaded_at)
            if period
            else None,
        }
        parts = [q[k] for k in ("completeness", "validity", "uniqueness", "timeliness")]
        present = [p for p in parts if p is not None]
        q["score"] = sum(present) / len(present)
        q["computed_at"] = loaded_at
        out.append(q)
    return out
