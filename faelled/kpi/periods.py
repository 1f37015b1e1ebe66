"""Periods: a period column's year and label, and which periods a municipality delivered.

A KPI's value needs its data for the period. For a dataset with a period column, a period is
delivered when the municipality has any row for it. For dates with a `coverage` (delivery-year)
column, where a year's delivery holds what started in it, a period needs every delivery from the
municipality's first through it (faelled/kpi/compiler.py uses both)."""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from faelled.catalog.kpis import PERIOD_END, PERIOD_START, Condition, Measure, PeriodColumn

Tables = Callable[[str], ir.Table]  # a dataset's unbound table, as the compiler resolves it


def delivered_periods(table: Tables, m: Measure, raw: bool) -> ir.Table | None:
    """The (municipality, period) pairs the measure's dataset has any row for, before its
    conditions: `_d_municipality`, `_d_period` (the period column's raw value with `raw`,
    else the period's label). None when a dataset's rows cannot say which periods were
    delivered (dates without a `coverage` column)."""
    t = table(m.dataset)
    logic = m.period
    if isinstance(logic, PeriodColumn):
        col = t[logic.column]
        period = col if raw else year_and_label(col, logic)["period"]
    elif m.coverage:
        return complete_years(table, m)
    else:
        return None
    return t.select(_d_municipality=t[m.municipality], _d_period=period).distinct()


def complete_years(table: Tables, m: Measure) -> ir.Table:
    """For dates with a `coverage` (delivery-year) column: the years up to which each
    municipality's deliveries are complete. A year's delivery holds what started in it
    (the first also what was running at its start), so a year missing from the middle
    leaves its spells out of every later period: a later year counts only when every year
    from the municipality's first delivery through it was delivered. Labelled as date
    periods are, by the year; with a follow-up of n years, a period needs the n after it."""
    assert m.coverage is not None
    t = table(m.dataset)
    year = t[m.coverage].cast("int64")
    d = t.filter(year.notnull()).select(_d_municipality=t[m.municipality], _y=year).distinct()
    d = d.mutate(
        _first=d._y.min().over(group_by=d._d_municipality),
        _k=ibis.row_number().over(group_by=d._d_municipality, order_by=d._y),
    )
    d = d.filter(d._y - d._first == d._k)  # row_number counts from 0: no year skipped
    # A follow-up ("12 months after") reads the years after the period too.
    shift = m.follow_up.years if m.follow_up else 0
    return d.select("_d_municipality", _d_period=(d._y - shift).cast("string"))


def complete(table: Tables, t: ir.Table, m: Measure) -> ir.Table:
    """`t`'s rows (per municipality and period label) whose period `m`'s dataset delivered
    completely (complete_years); all of them for a measure without `coverage`."""
    if not m.coverage:
        return t
    d = complete_years(table, m)
    return t.semi_join(d, [t.municipality == d._d_municipality, t.period == d._d_period])


def year_and_label(col: ir.Value, logic: PeriodColumn) -> dict[str, ir.Value]:
    """The period's year (`_year`) and label (`period`) from the period column's value."""
    if logic.format == "year":
        year = col.cast("int64")
        label = year.cast("string")
    elif logic.format == "date":
        year = col.year().cast("int64")
        label = year.cast("string")
    else:  # "2023/24": the school year ends in 2024
        year = col.cast("string").substr(0, 4).cast("int64") + 1
        label = col.cast("string") if logic.label == "as_is" else year.cast("string")
    return {"_year": year, "period": label}


def uses_period(c: Condition) -> bool:
    values = c.value if isinstance(c.value, list) else [c.value]
    return any(v in (PERIOD_START, PERIOD_END) for v in values)
