"""Data-quality scores per dataset × municipality × load, for the quality views and the data
quality KPIs. Each is a share in [0, 1]:

    completeness  required cells that hold a value
    validity      rows that pass every error rule (the rest are quarantined)
    uniqueness    rows whose key no earlier row in the delivery has
    timeliness    whether the delivery's newest period arrived on time (below)
    score         the mean of those present

Timeliness judges the newest period a municipality's rows in the delivery hold, never the older
ones: a backfill of 2020–2024 loaded today is judged on 2024 alone, exactly as a delivery of 2024
only. With `end` the last day of that period (a year: 31 December; a month: its last day; a
school year "2023/24": 31 July 2024; a date: the date itself) and `lag` the days from `end` to the
load, timeliness is 1 when lag ≤ GRACE_DAYS (90), falls linearly to 0 at GRACE_DAYS + DECAY_DAYS
(455 days), and stays 0 after; a period not yet over (lag < 0) is 1. It is empty (not 0) when the
contract has no period and no year partition, or the period cannot be read. So data for 2024
loaded in November 2026 (lag ≈ 700 days) is late and scores 0, however much history comes with
it: the demo's extracts end in 2024, so its timeliness is 0 by this definition, not by accident.
"""

from __future__ import annotations

import calendar
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


def _period_end(contract: Contract, t: ir.Table) -> tuple[ir.Value, str, str] | None:
    """An expression for the newest period in a group, its column's kind and the grain."""
    if contract.period is not None:
        col = contract.column(contract.period.column)
        grain = contract.period.grain
        kind = {ColumnType.date: "date", ColumnType.integer: "integer"}.get(col.type, "text")
        return t[col.name].max(), kind, grain
    for name in contract.partition.columns:
        col = contract.column(name)
        if col.type is ColumnType.integer and name in ("year", "aar", "år"):
            return t[name].max(), "integer", "year"
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _school_year_end(day: date) -> date:
    """A Danish school year runs 1 August to 31 July."""
    return date(day.year + (day.month >= 8), 7, 31)


def period_end(value: Any, kind: str, grain: str) -> date | None:
    """The last day of the period `value` names (None when it cannot be read)."""
    if value is None:
        return None
    try:
        if kind == "date":
            if not isinstance(value, date):
                return None
            day = value.date() if isinstance(value, datetime) else value
            if grain == "month":
                return _month_end(day.year, day.month)
            if grain == "year":
                return date(day.year, 12, 31)
            return _school_year_end(day) if grain == "school_year" else day
        if kind == "integer":
            if grain == "month":  # yyyymm
                return _month_end(*divmod(int(value), 100))
            return date(int(value), 12, 31)
        text = str(value).strip()
        if len(text) >= 10 and text[4] == "-":  # "2023-01-15"
            return period_end(date.fromisoformat(text[:10]), "date", grain)
        if len(text) >= 7 and text[4] == "/":  # "2023/24", a school year
            return date(int(text[:4]) + 1, 7, 31)
        if len(text) >= 7 and text[4] == "-":  # "2023-01"
            return _month_end(int(text[:4]), int(text[5:7]))
        return date(int(text[:4]), 12, 31)
    except (ValueError, TypeError):
        return None


def timeliness(end: date | None, loaded: datetime) -> float | None:
    """1 up to GRACE_DAYS after the newest period's end, then linearly down to 0 a further
    DECAY_DAYS later (see the module's docstring)."""
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
            "timeliness": timeliness(period_end(acc["period"], period[1], period[2]), loaded_at)
            if period
            else None,
        }
        parts = [q[k] for k in ("completeness", "validity", "uniqueness", "timeliness")]
        present = [p for p in parts if p is not None]
        q["score"] = sum(present) / len(present)
        q["computed_at"] = loaded_at
        q["domain"] = str(contract.domain)
        out.append(q)
    return out
