"""Compile KPI definitions to Ibis expressions: one compiler, every engine (DESIGN decision 2).

Expressions are built over *unbound* tables whose schemas come from the dataset contracts, so the
SQL a KPI compiles to does not depend on where the database lives (the golden files per dialect
stay stable) and the same expression executes on DuckDB, PostgreSQL or Spark.

The result of `compile_kpi` has one row per municipality × period × breakdown with the columns
of KPI_COLUMNS; aggregates over regions, groups and the country are made from those rows
(faelled/kpi/aggregates.py)."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import ibis
import ibis.expr.types as ir

from faelled.catalog.kpis import (
    KPI,
    PERIOD_END,
    PERIOD_START,
    AgeFromBirthYear,
    AgeOnJan1,
    Condition,
    DaysBetween,
    Derivation,
    Measure,
    NotActive,
    PeriodColumn,
    PeriodDateIn,
    PeriodOnDate,
    PeriodOverlaps,
    Ratio,
    Signed,
)
from faelled.errors import InputError

PERIODS_TABLE = "ref_periods"
PERIODS_SCHEMA = {"year": "int64", "start_date": "date", "end_date": "date"}
KPI_COLUMNS = ["municipality", "period", "breakdown", "numerator", "denominator", "n", "value"]
TOTAL = ""  # the breakdown label of the whole municipality

Schemas = Mapping[str, Mapping[str, str]]


class Compiler:
    def __init__(self, schemas: Schemas) -> None:
        self.schemas = schemas

    def table(self, name: str) -> ir.Table:
        if name == PERIODS_TABLE:
            return ibis.table(PERIODS_SCHEMA, name=PERIODS_TABLE)
        if name not in self.schemas:
            raise InputError(
                f"Nøgletallet bruger datasættet {name!r}, som ikke har en kontrakt / "
                f"the KPI uses dataset {name!r}, which has no contract."
            )
        return ibis.table(dict(self.schemas[name]), name=name)

    # -- one side of the ratio ------------------------------------------------------------------

    def measure(self, m: Measure, group: list[str]) -> ir.Table:
        """Aggregate one measure to (municipality, period, *group) → value, n.

        While it is built, every row carries its period: `period` (the label), `_p_year`,
        `_p_start` and `_p_end` (1 January and 31 December of the period's year)."""
        t = self.table(m.dataset)
        if m.join:
            other = self.table(m.join.dataset)
            # Plain DISTINCT (not DISTINCT ON: PostgreSQL has no FIRST()); the joined columns
            # are one value per key (a person's birth date), so this is one row per key.
            other = other.select(*m.join.on, *m.join.columns).distinct()
            t = t.left_join(other, m.join.on)
            t = t.select(*[c for c in t.columns if not c.endswith("_right")])
        t = self._period(t, m)
        if m.follow_up:
            latest = self.table(m.dataset)[m.follow_up.column].max()
            t = t.filter(t._p_year + m.follow_up.years <= latest)
        if m.coverage:
            years = self.table(m.dataset)[m.coverage]
            t = t.filter((t._p_year >= years.min()) & (t._p_year <= years.max()))
        for name, d in m.derive.items():
            t = t.mutate(**{name: self._derive(t, d)})
        for cond in m.where:
            t = (
                self._anti(t, cond)
                if isinstance(cond, NotActive)
                else t.filter(self._cond(t, cond))
            )
        if m.rollup:
            t = self._rollup(t, m, group)
        keys = [t[m.municipality].name("municipality"), t["period"], *[t[g] for g in group]]
        # n is what suppression counts: persons (or units) behind the value.
        if m.aggregate == "count":
            value: ir.Value = t.count()
        elif m.aggregate == "count_distinct":
            assert m.column is not None
            value = t[m.column].nunique()
        else:
            assert m.column is not None
            col = t[m.column]
            value = col.sum() if m.aggregate == "sum" else col.mean()
        n_from = m.n_from or ("value" if m.aggregate in ("count", "count_distinct") else "rows")
        if n_from == "value":
            n: ir.Value = value
        else:
            n = t.count() if m.column is None else t[m.column].count()
        return t.group_by(keys).aggregate(value=value.cast("float64"), n=n.cast("int64"))

    def _period(self, t: ir.Table, m: Measure) -> ir.Table:
        logic = m.period
        # Renamed so they cannot collide with the dataset's own year/start/end columns.
        p = self.table(PERIODS_TABLE).rename(
            {"_p_year": "year", "_p_start": "start_date", "_p_end": "end_date"}
        )
        if isinstance(logic, PeriodColumn):
            col = t[logic.column]
            if logic.format == "year":
                year = col.cast("int64")
                label = year.cast("string")
            else:  # "2023/24": the school year ends in 2024
                year = col.cast("string").substr(0, 4).cast("int64") + 1
                label = col.cast("string") if logic.label == "as_is" else year.cast("string")
            t = t.mutate(_year=year, period=label)
            joined = t.inner_join(p, t._year == p._p_year)
            return joined.select(*[c for c in joined.columns if c != "_year"])
        if isinstance(logic, PeriodOverlaps):
            s, e = t[logic.start], t[logic.end]
            preds = [s <= p._p_end, e.isnull() | (e >= p._p_start)]
        elif isinstance(logic, PeriodOnDate):
            s, e = t[logic.start], t[logic.end]
            day = p._p_start if logic.reference == "jan1" else p._p_end
            preds = [s <= day, e.isnull() | (e >= day)]
        else:
            assert isinstance(logic, PeriodDateIn)
            d = t[logic.column]
            preds = [d >= p._p_start, d <= p._p_end]
        joined = t.inner_join(p, preds)
        return joined.mutate(period=joined._p_year.cast("string"))

    def _derive(self, t: ir.Table, d: Derivation) -> ir.Value:
        if isinstance(d, AgeFromBirthYear):
            return (t._p_year - t[d.column].cast("int64")).cast("int64")
        if isinstance(d, AgeOnJan1):
            b = t[d.column]
            born_jan1 = (b.month() == 1) & (b.day() == 1)
            return (t._p_year - b.year() - ibis.ifelse(born_jan1, 0, 1)).cast("int64")
        if isinstance(d, DaysBetween):
            end = t[d.end]
            if d.clip_to_period_end:
                end = ibis.ifelse(end.isnull() | (end > t._p_end), t._p_end, end)
            return (end.delta(t[d.start], unit="day") + 1).cast("int64")
        if isinstance(d, Ratio):
            den = t[d.denominator].cast("float64")
            return ibis.ifelse(den == 0, ibis.null("float64"), t[d.numerator].cast("float64") / den)
        if isinstance(d, Signed):
            hit = self._all(t, d.negate_when)
            return ibis.ifelse(hit, -t[d.column], t[d.column])
        col = t[d.column]
        edges = d.edges
        return ibis.cases(
            *[
                ((col >= lo) & (col < hi), ibis.literal(f"{lo}-{hi - 1}"))
                for lo, hi in pairwise(edges)
            ],
            (col >= edges[-1], ibis.literal(f"{edges[-1]}+")),
        )

    def _all(self, t: ir.Table, conds: list[Condition]) -> ir.BooleanValue:
        out: ir.BooleanValue = ibis.literal(True)
        for c in conds:
            out = out & self._cond(t, c)
        return out

    def _rollup(self, t: ir.Table, m: Measure, group: list[str]) -> ir.Table:
        assert m.rollup is not None
        keys = [m.municipality, "period", "_p_year", "_p_start", "_p_end", *group, *m.rollup.keys]
        flags = {name: self._all(t, conds).any() for name, conds in m.rollup.flags.items()}
        r = t.group_by(list(dict.fromkeys(keys))).aggregate(**flags)
        for c in m.rollup.require:
            r = r.filter(self._cond(r, c))
        return r

    @staticmethod
    def _value(t: ir.Table, v: Any) -> Any:
        if v == PERIOD_START:
            return t._p_start
        if v == PERIOD_END:
            return t._p_end
        return v

    def _cond(self, t: ir.Table, c: Condition) -> ir.BooleanValue:
        col = t[c.column]
        v: Any = (
            [self._value(t, x) for x in c.value]
            if isinstance(c.value, list)
            else self._value(t, c.value)
        )
        match c.op:
            case "eq":
                out = col == v
            case "ne":
                out = col != v
            case "lt":
                out = col < v
            case "le":
                out = col <= v
            case "gt":
                out = col > v
            case "ge":
                out = col >= v
            case "in":
                out = col.isin(v)
            case "not_in":
                out = col.notin(v)
            case "between":
                out = col.between(v[0], v[1])
            case "is_null":
                out = col.isnull()
            case _:
                out = col.notnull()
        return (col.isnull() | out) if c.or_null else out

    def _anti(self, t: ir.Table, c: NotActive) -> ir.Table:
        src = self.table(c.dataset)
        # An open end as a far-future date: an OR in the join condition would keep engines from
        # hashing on the person key and turn the anti-join into a nested loop.
        other = src.select(
            *[src[k].name(f"__o_{k}") for k in c.on],
            src[c.start].name("__o_start"),
            src[c.end].fill_null(ibis.date(9999, 12, 31)).name("__o_end"),
        )
        at = t[c.at] + ibis.interval(days=c.plus_days)
        preds = [t[k] == other[f"__o_{k}"] for k in c.on]
        preds += [other["__o_start"] <= at, other["__o_end"] >= at]
        return t.filter(t[c.at].notnull()).anti_join(other, preds)

    # -- the KPI --------------------------------------------------------------------------------

    def kpi(self, kpi: KPI) -> ir.Table:
        parts = [self._kpi_grouped(kpi, None)]
        parts += [self._kpi_grouped(kpi, b) for b in kpi.breakdowns]
        out = parts[0]
        for p in parts[1:]:
            out = out.union(p)
        return out

    def _kpi_grouped(self, kpi: KPI, breakdown: str | None) -> ir.Table:
        group = [breakdown] if breakdown else []
        num = self.measure(kpi.numerator, group)
        if kpi.denominator is None:
            return num.select(
                municipality=num.municipality,
                period=num.period,
                breakdown=_breakdown_label(num, breakdown),
                numerator=num.value,
                denominator=ibis.null("float64"),
                n=num.n,
                value=num.value * kpi.scale,
            )
        den = self.measure(kpi.denominator, group)
        keys = ["municipality", "period", *group]
        j = den.left_join(num, keys)
        # A municipality with no numerator rows has numerator 0, not a missing value.
        numerator = (
            j["value_right"].fill_null(0) if kpi.numerator.aggregate != "mean" else j["value_right"]
        )
        denominator = j["value"]
        value = ibis.ifelse(denominator == 0, ibis.null("float64"), numerator / denominator)
        return j.select(
            municipality=j.municipality,
            period=j.period,
            breakdown=_breakdown_label(j, breakdown),
            numerator=numerator,
            denominator=denominator,
            n=j["n"],
            value=value * kpi.scale,
        )


def _breakdown_label(t: ir.Table, breakdown: str | None) -> ir.StringValue:
    """ "" for the whole area, else "sex=K"."""
    if not breakdown:
        return ibis.literal(TOTAL)
    return ibis.literal(f"{breakdown}=") + t[breakdown].cast("string")


def compile_kpi(kpi: KPI, schemas: Schemas) -> ir.Table:
    return Compiler(schemas).kpi(kpi)


def to_sql(kpi: KPI, schemas: Schemas, dialect: str) -> str:
    if dialect == "pyspark":
        # The Spark compiler reads options that ibis registers when the backend is first
        # looked up through the `ibis` namespace.
        _ = ibis.pyspark
    return str(ibis.to_sql(compile_kpi(kpi, schemas), dialect=dialect))
