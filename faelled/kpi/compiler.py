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

import ibis
import ibis.expr.types as ir

from faelled.catalog.kpis import (
    KPI,
    AgeFromBirthYear,
    Bands,
    Condition,
    DaysBetween,
    Measure,
    NotActive,
    PeriodColumn,
    PeriodDateIn,
    PeriodOnDate,
    PeriodOverlaps,
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
        """Aggregate one measure to (municipality, period, *group) → value, n."""
        t = self.table(m.dataset)
        if m.join:
            other = self.table(m.join.dataset)
            # Plain DISTINCT (not DISTINCT ON: PostgreSQL has no FIRST()); the joined dataset is
            # keyed on `on`, so this is one row per key.
            other = other.select(*m.join.on, *m.join.columns).distinct()
            t = t.left_join(other, m.join.on).drop(*[f"{c}_right" for c in m.join.on])
        t = self._period(t, m)
        for name, d in m.derive.items():
            t = t.mutate(**{name: self._derive(t, d)})
        for cond in m.where:
            t = (
                self._anti(t, cond)
                if isinstance(cond, NotActive)
                else t.filter(self._cond(t, cond))
            )
        keys = [t[m.municipality].name("municipality"), t["period"], *[t[g] for g in group]]
        # n is what suppression counts: persons (or units) behind the value. For a sum of
        # counts (population) that is the sum itself; for a mean, the rows averaged.
        if m.aggregate == "count":
            value: ir.Value = t.count()
            n: ir.Value = value
        elif m.aggregate == "count_distinct":
            assert m.column is not None
            value = t[m.column].nunique()
            n = value
        else:
            assert m.column is not None
            col = t[m.column]
            value = col.sum() if m.aggregate == "sum" else col.mean()
            n = col.sum() if m.aggregate == "sum" else col.count()
        return t.group_by(keys).aggregate(value=value.cast("float64"), n=n.cast("int64"))

    def _period(self, t: ir.Table, m: Measure) -> ir.Table:
        logic = m.period
        if isinstance(logic, PeriodColumn):
            return t.mutate(period=t[logic.column].cast("int64"))
        # Renamed so they cannot collide with the dataset's own year/start/end columns.
        p = self.table(PERIODS_TABLE).rename(
            {"period": "year", "_p_start": "start_date", "_p_end": "end_date"}
        )
        if isinstance(logic, PeriodOverlaps):
            s, e = t[logic.start], t[logic.end]
            preds = [s <= p._p_end, e.isnull() | (e >= p._p_start)]
        elif isinstance(logic, PeriodOnDate):
            s, e = t[logic.start], t[logic.end]
            preds = [s <= p._p_end, e.isnull() | (e >= p._p_end)]
        else:
            assert isinstance(logic, PeriodDateIn)
            d = t[logic.column]
            preds = [d >= p._p_start, d <= p._p_end]
        joined = t.inner_join(p, preds)
        # An explicit column list, not drop(): drop's SQL lists columns in set order, which
        # would make the golden SQL differ from run to run.
        return joined.select(*[c for c in joined.columns if c not in ("_p_start", "_p_end")])

    @staticmethod
    def _derive(t: ir.Table, d: AgeFromBirthYear | DaysBetween | Bands) -> ir.Value:
        if isinstance(d, AgeFromBirthYear):
            return (t["period"] - t[d.column].cast("int64")).cast("int64")
        if isinstance(d, DaysBetween):
            return (t[d.end].delta(t[d.start], "day") + 1).cast("int64")
        col = t[d.column]
        edges = d.edges
        case = ibis.cases(
            *[
                (
                    (col >= lo) & (col < hi),
                    ibis.literal(f"{lo}-{hi - 1}"),
                )
                for lo, hi in pairwise(edges)
            ],
            (col >= edges[-1], ibis.literal(f"{edges[-1]}+")),
        )
        return case

    @staticmethod
    def _cond(t: ir.Table, c: Condition) -> ir.BooleanValue:
        col = t[c.column]
        v = c.value
        match c.op:
            case "eq":
                return col == v
            case "ne":
                return col != v
            case "lt":
                return col < v
            case "le":
                return col <= v
            case "gt":
                return col > v
            case "ge":
                return col >= v
            case "in":
                assert isinstance(v, list)
                return col.isin(v)
            case "not_in":
                assert isinstance(v, list)
                return col.notin(v)
            case "between":
                assert isinstance(v, list)
                return col.between(v[0], v[1])
            case "is_null":
                return col.isnull()
            case _:
                return col.notnull()

    def _anti(self, t: ir.Table, c: NotActive) -> ir.Table:
        other = self.table(c.dataset).select(*[t_col for t_col in c.on], c.start, c.end)
        other = other.rename({f"__o_{k}": k for k in [*c.on, c.start, c.end]})
        at = t[c.at] + ibis.interval(days=c.plus_days)
        preds = [t[k] == other[f"__o_{k}"] for k in c.on]
        preds += [
            other[f"__o_{c.start}"] <= at,
            other[f"__o_{c.end}"].isnull() | (other[f"__o_{c.end}"] >= at),
        ]
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
            label = (
                (ibis.literal(f"{breakdown}=") + num[breakdown].cast("string"))
                if breakdown
                else ibis.literal(TOTAL)
            )
            return num.select(
                municipality=num.municipality,
                period=num.period,
                breakdown=label,
                numerator=num.value,
                denominator=ibis.null("float64"),
                n=num.n,
                value=num.value * kpi.scale,
            )
        den = self.measure(kpi.denominator, group)
        keys = ["municipality", "period", *group]
        j = den.left_join(num, keys)
        dlabel = (
            (ibis.literal(f"{breakdown}=") + j[breakdown].cast("string"))
            if breakdown
            else ibis.literal(TOTAL)
        )
        # A municipality with no numerator rows has numerator 0, not a missing value.
        numerator = (
            j["value_right"].fill_null(0) if kpi.numerator.aggregate != "mean" else j["value_right"]
        )
        denominator = j["value"]
        value = ibis.ifelse(denominator == 0, ibis.null("float64"), numerator / denominator)
        return j.select(
            municipality=j.municipality,
            period=j.period,
            breakdown=dlabel,
            numerator=numerator,
            denominator=denominator,
            n=j["n"],
            value=value * kpi.scale,
        )


def compile_kpi(kpi: KPI, schemas: Schemas) -> ir.Table:
    return Compiler(schemas).kpi(kpi)


def to_sql(kpi: KPI, schemas: Schemas, dialect: str) -> str:
    if dialect == "pyspark":
        # The Spark compiler reads options that ibis registers when the backend is first
        # looked up through the `ibis` namespace.
        _ = ibis.pyspark
    return str(ibis.to_sql(compile_kpi(kpi, schemas), dialect=dialect))
