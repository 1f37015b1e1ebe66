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
    SYSTEM_DATASETS,
    AgeFromBirthYear,
    AgeOnJan1,
    Bands,
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
from faelled.ingest.store import SCHEMAS as INGEST_SCHEMAS
from faelled.kpi.periods import complete, delivered_periods, uses_period, year_and_label
from faelled.kpi.store import FIRST_YEAR, LAST_YEAR

PERIODS_TABLE = "ref_periods"
PERIODS_SCHEMA = {"year": "int64", "start_date": "date", "end_date": "date"}
KPI_COLUMNS = ["municipality", "period", "breakdown", "numerator", "denominator", "n", "value"]
TOTAL = ""  # the breakdown label of the whole municipality

Schemas = Mapping[str, Mapping[str, str]]
FAR_FUTURE = ibis.date(9999, 12, 31)  # an open end, so period joins stay range joins


class Compiler:
    def __init__(self, schemas: Schemas) -> None:
        self.schemas = schemas

    def table(self, name: str) -> ir.Table:
        if name == PERIODS_TABLE:
            return ibis.table(PERIODS_SCHEMA, name=PERIODS_TABLE)
        if name in SYSTEM_DATASETS and name not in self.schemas:
            return ibis.table(INGEST_SCHEMAS[name], name=name)
        if name not in self.schemas:
            raise InputError(
                f"Nøgletallet bruger datasættet {name!r}, som ikke har en kontrakt / "
                f"the KPI uses dataset {name!r}, which has no contract."
            )
        return ibis.table(dict(self.schemas[name]), name=name)

    # -- one side of the ratio ------------------------------------------------------------------

    def measure(
        self,
        m: Measure,
        group: list[str],
        *,
        late: bool | None = None,
        raw: bool = False,
        whole: bool = False,
        bounded: bool = True,
    ) -> ir.Table:
        """Aggregate one measure to (municipality, period, *group) → value, n; with `raw` (late
        only) keyed by the period column's value `_period_raw` instead of the label.

        With `whole` (see _whole), every row of the dataset is grouped and the conditions
        select inside the aggregate (FILTER (WHERE …)): a period the municipality delivered
        has a group even when no row matches (value 0), one it did not deliver has none.
        Without `bounded`, periods outside the periods table are kept (for a side that is
        left-joined to a bounded one, where the bound would be checked twice)."""
        if late is None:
            late = self._late_period(m, group, m.where, m.derive)
        if not whole:
            t = self.rows(m, group, m.where, m.derive, late=late)
            metrics = {"value": _value(t, m), "n": _n(t, m)}
        else:
            t = self.rows(m, group, [], m.derive, late=late)
            conds = [c for c in m.where if isinstance(c, Condition)]  # all of them (_whole)
            only = self._all(t, conds) if conds else None
            metrics = {"value": _value(t, m, only).fill_null(0), "n": _n(t, m, only)}
        return self._aggregate(t, m, group, metrics, late=late, raw=raw, bounded=bounded)

    @staticmethod
    def _whole(m: Measure, group: list[str]) -> bool:
        """Can `measure(whole=True)` aggregate this measure? Its groups must be the delivered
        periods: a period column, no breakdown (a delivered period can lack a breakdown's
        group), and conditions that fit in an aggregate's FILTER."""
        if not isinstance(m.period, PeriodColumn) or group or m.rollup or m.latest:
            return False
        return m.aggregate != "mean" and all(isinstance(c, Condition) for c in m.where)

    def rows(
        self,
        m: Measure,
        group: list[str],
        where: list[Any],
        derive: Mapping[str, Derivation],
        *,
        late: bool = False,
    ) -> ir.Table:
        """The rows one measure aggregates, each carrying its period: `period` (the label),
        `_p_year`, `_p_start` and `_p_end` (1 January and 31 December of the period's year) —
        unless `late`: then the period is found after aggregating (see _late_period)."""
        t = self.table(m.dataset)
        early = [c for c in where if self._early(c, m, t, derive)]
        # Conditions on the dataset's own columns go first, before the join and the period
        # expansion multiply the rows (engines cannot push a filter through a shared CTE).
        for cond in early:
            t = t.filter(self._cond(t, cond))
        if m.join:
            other = self.table(m.join.dataset)
            # Plain DISTINCT (not DISTINCT ON: PostgreSQL has no FIRST()); the joined columns
            # are one value per key (a person's birth date), so this is one row per key.
            other = other.select(*m.join.on, *m.join.columns).distinct()
            t = t.left_join(other, m.join.on)
            t = t.select(*[c for c in t.columns if not c.endswith("_right")])
        if not late:
            t = self._period(t, m)
        for name, d in derive.items():
            t = t.mutate(**{name: self._derive(t, d)})
        if m.latest:
            keys = [m.municipality, "period", *m.latest.per]
            newest = ibis.row_number().over(
                group_by=keys, order_by=[ibis.desc(c) for c in m.latest.order_by]
            )
            t = t.mutate(_newest=newest).filter(lambda r: r._newest == 0).drop("_newest")
        for cond in where:
            if any(cond is e for e in early):
                continue
            t = (
                self._anti(t, cond)
                if isinstance(cond, NotActive)
                else t.filter(self._cond(t, cond))
            )
        if m.rollup:
            t = self._rollup(t, m, group)
        return t

    def _same_period_values(self, a: Measure, b: Measure) -> bool:
        """Do both measures' period columns hold the same kind of value, labelled alike?"""
        pa, pb = a.period, b.period
        if not isinstance(pa, PeriodColumn) or not isinstance(pb, PeriodColumn):
            return False
        if (pa.format, pa.label) != (pb.format, pb.label):
            return False
        ta = self.table(a.dataset)[pa.column].type()
        return bool(ta == self.table(b.dataset)[pb.column].type())

    @staticmethod
    def _early(c: Any, m: Measure, t: ir.Table, derive: Mapping[str, Derivation]) -> bool:
        """May this condition filter the dataset's rows before anything else happens?"""
        if not isinstance(c, Condition) or c.column not in t.columns:
            return False
        values = c.value if isinstance(c.value, list) else [c.value]
        if any(v in (PERIOD_START, PERIOD_END) for v in values):
            return False
        shadowed = set(derive) | set(m.join.columns if m.join else ()) | {"period"}
        if c.column in shadowed:
            return False
        # Before `latest` only a condition on its keys commutes with picking the newest row.
        return m.latest is None or c.column in {m.municipality, *m.latest.per}

    def _late_period(
        self, m: Measure, group: list[str], where: list[Any], derive: Mapping[str, Derivation]
    ) -> bool:
        """Can the period be read after aggregating? For a period column whose label is a
        one-to-one function of its value (an integer year, a school year as written) and when
        nothing before the aggregate reads the period, grouping by the column itself and
        labelling the few groups afterwards gives the same groups as labelling every row."""
        logic = m.period
        if not isinstance(logic, PeriodColumn) or m.rollup or m.latest:
            return False
        if m.follow_up or m.coverage:
            return False
        if logic.format == "date" or (logic.format == "school_year" and logic.label != "as_is"):
            return False
        col = self.table(m.dataset)[logic.column]
        if logic.format == "year" and not col.type().is_integer():
            return False
        period = {"period", "_p_year", "_p_start", "_p_end"}
        if period & set(group):
            return False
        for d in derive.values():
            if isinstance(d, Ratio):
                used = {d.numerator, d.denominator}
            elif isinstance(d, Bands):
                used = {d.column}
            elif isinstance(d, Signed):
                used = {d.column, *[c.column for c in d.negate_when]}
                if any(uses_period(c) for c in d.negate_when):
                    return False
            else:
                return False  # ages and durations read the period's dates
            if used & period:
                return False
        for c in where:
            if isinstance(c, NotActive):
                if {c.at, *c.on} & period:
                    return False
            elif c.column in period or uses_period(c):
                return False
        return True

    def _aggregate(
        self,
        t: ir.Table,
        m: Measure,
        group: list[str],
        metrics: dict[str, ir.Value],
        *,
        late: bool = False,
        raw: bool = False,
        bounded: bool = True,
    ) -> ir.Table:
        if not late:
            keys = [t[m.municipality].name("municipality"), t["period"], *[t[g] for g in group]]
            return t.group_by(keys).aggregate(**metrics)
        logic = m.period
        assert isinstance(logic, PeriodColumn)
        col = t[logic.column]
        # The periods table holds every year FIRST_YEAR..LAST_YEAR (faelled/kpi/store.py) and
        # nothing here reads its dates: a range filter keeps the same groups without the join.
        # An integer year is bounded on the rows, in the scan's own WHERE (no subquery for the
        # engine to plan); a year read from text, on the few groups.
        on_rows = bounded and logic.format == "year" and col.type().is_integer()
        if on_rows:
            t = t.filter(col.between(FIRST_YEAR, LAST_YEAR))
        value = t[logic.column].name("_period_raw")
        a = t.group_by([t[m.municipality].name("municipality"), value, *group]).aggregate(**metrics)
        if bounded and not on_rows:
            year = year_and_label(a._period_raw, logic)["_year"]
            a = a.filter(year.between(FIRST_YEAR, LAST_YEAR))
        if raw:
            return a.select("municipality", "_period_raw", *group, *metrics)
        period = year_and_label(a._period_raw, logic)["period"].name("period")
        return a.select("municipality", period, *group, *metrics)

    def _period(self, t: ir.Table, m: Measure) -> ir.Table:
        logic = m.period
        # Renamed so they cannot collide with the dataset's own year/start/end columns.
        p = self.table(PERIODS_TABLE).rename(
            {"_p_year": "year", "_p_start": "start_date", "_p_end": "end_date"}
        )
        # Periods outside the delivered data are dropped on the (small) periods table, before
        # it meets the rows; the bounds are read from the whole dataset as delivered.
        raw = self.table(m.dataset)
        if m.follow_up:
            p = p.filter(p._p_year + m.follow_up.years <= raw[m.follow_up.column].max())
        if m.coverage:
            years = raw[m.coverage]
            p = p.filter((p._p_year >= years.min()) & (p._p_year <= years.max()))
        if isinstance(logic, PeriodColumn):
            t = t.mutate(**year_and_label(t[logic.column], logic))
            joined = t.inner_join(p, t._year == p._p_year)
            return joined.select(*[c for c in joined.columns if c != "_year"])
        if isinstance(logic, PeriodOverlaps):
            s, e = t[logic.start], t[logic.end].fill_null(FAR_FUTURE)
            preds = [s <= p._p_end, e >= p._p_start]
        elif isinstance(logic, PeriodOnDate):
            s, e = t[logic.start], t[logic.end].fill_null(FAR_FUTURE)
            day = p._p_start if logic.reference == "jan1" else p._p_end
            preds = [s <= day, e >= day]
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
        if not conds:
            return ibis.literal(True)
        out = self._cond(t, conds[0])
        for c in conds[1:]:
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
            src[c.end].fill_null(FAR_FUTURE).name("__o_end"),
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
        num_m, den_m = kpi.numerator, kpi.denominator
        if den_m is None:
            num = complete(self.table, self.measure(num_m, group), num_m)
            return num.select(
                municipality=num.municipality,
                period=num.period,
                breakdown=_breakdown_label(num, breakdown),
                numerator=num.value,
                denominator=ibis.null("float64"),
                n=num.n,
                value=num.value * kpi.scale,
            )
        keys = ["municipality", "period", *group]
        raw = whole = False
        extra = _fusable(num_m, den_m, self.table(den_m.dataset).columns)
        if extra is not None:
            # The numerator's rows are the denominator's with conditions of their own: one pass
            # over the rows aggregates both (FILTER (WHERE …)), with no second scan and no join.
            late = self._late_period(den_m, group, num_m.where, num_m.derive)
            t = self.rows(den_m, group, den_m.where, num_m.derive, late=late)
            only = self._all(t, extra) if extra else None
            j = self._aggregate(
                t,
                den_m,
                group,
                {
                    "value": _value(t, den_m),
                    "n": _n(t, den_m),
                    "value_right": _value(t, num_m, only),
                },
                late=late,
            )
        else:
            # Both sides late, or neither: measured, a late side joined to one whose periods
            # come from the periods table made DuckDB choose a slower plan for the other.
            late = self._late_period(num_m, group, num_m.where, num_m.derive)
            late = late and self._late_period(den_m, group, den_m.where, den_m.derive)
            # Both sides labelled alike: joined on the raw period value (an integer year, not
            # its text) and labelled once, after the join — the same pairs, as labels are 1:1.
            raw = late and self._same_period_values(num_m, den_m)
            whole = num_m.dataset != den_m.dataset and self._whole(num_m, group)
            num = self.measure(num_m, group, late=late, raw=raw, whole=whole, bounded=False)
            den = self.measure(den_m, group, late=late, raw=raw)
            if raw:
                j = den.left_join(num, ["municipality", "_period_raw", *group])
                logic = den_m.period
                assert isinstance(logic, PeriodColumn)
                j = j.mutate(period=year_and_label(j._period_raw, logic)["period"])
            else:
                j = den.left_join(num, keys)
        # A municipality that delivered but had no numerator rows has numerator 0; one that
        # has no delivery of the numerator's dataset for the period (none sent, or refused)
        # has no value: 0 would claim something nobody has reported.
        numerator = j["value_right"]
        if num_m.aggregate != "mean" and not whole:
            numerator = numerator.fill_null(0)
            # Rows of the denominator's own dataset already show that it was delivered.
            same = num_m.dataset == den_m.dataset
            delivered = None if same else delivered_periods(self.table, num_m, raw)
            if delivered is not None:
                at = j._period_raw if raw else j.period
                j = j.left_join(
                    delivered,
                    [j.municipality == delivered._d_municipality, at == delivered._d_period],
                )
                numerator = ibis.ifelse(
                    j._d_municipality.isnull(), ibis.null("float64"), j["value_right"].fill_null(0)
                )
        j = complete(self.table, j, den_m)
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


def _value(t: ir.Table, m: Measure, where: ir.BooleanValue | None = None) -> ir.Value:
    return _raw(t, m, where).cast("float64")


def _raw(t: ir.Table, m: Measure, where: ir.BooleanValue | None = None) -> ir.Value:
    if m.aggregate == "count":
        value: ir.Value = t.count(where=where)
    else:
        assert m.column is not None
        col = t[m.column]
        if m.aggregate == "count_distinct":
            value = col.nunique(where=where)
        else:
            value = col.sum(where=where) if m.aggregate == "sum" else col.mean(where=where)
    return value


def _n(t: ir.Table, m: Measure, where: ir.BooleanValue | None = None) -> ir.Value:
    """What suppression counts: persons (or units) behind the value, or the rows."""
    n_from = m.n_from or ("value" if m.aggregate in ("count", "count_distinct") else "rows")
    if n_from == "value":
        n = _raw(t, m, where).cast("int64")
        return n if where is None else n.fill_null(0)  # a sum over no matching rows
    n = t.count(where=where) if m.column is None else t[m.column].count(where=where)
    return n.cast("int64")


def _fusable(num: Measure, den: Measure, base: list[str]) -> list[Condition] | None:
    """The numerator's own conditions when its rows are the denominator's rows filtered further
    (same dataset, period, join and derived columns), else None."""
    same = ("dataset", "period", "join", "follow_up", "coverage", "municipality")
    if any(getattr(num, f) != getattr(den, f) for f in same):
        return None
    if num.rollup or den.rollup or num.latest or den.latest:
        return None
    if any(num.derive.get(k) != d for k, d in den.derive.items()):
        return None
    # A column only the numerator derives must not hide one the denominator's rows read.
    joined = set(num.join.columns) if num.join else set()
    if any(k in base or k in joined for k in set(num.derive) - set(den.derive)):
        return None
    if any(c not in num.where for c in den.where):
        return None
    extra = [c for c in num.where if c not in den.where]
    if not all(isinstance(c, Condition) for c in extra):
        return None
    return [c for c in extra if isinstance(c, Condition)]


def _breakdown_label(t: ir.Table, breakdown: str | None) -> ir.StringValue:
    """ "" for the whole area, else "sex=K"."""
    if not breakdown:
        return ibis.literal(TOTAL)
    return ibis.literal(f"{breakdown}=") + t[breakdown].cast("string")


def compile_kpi(kpi: KPI, schemas: Schemas) -> ir.Table:
    return Compiler(schemas).kpi(kpi)


def to_sql(kpi: KPI, schemas: Schemas, dialect: str) -> str:
    """The municipality rows' SQL as the engine runs it (flatten.py)."""
    from faelled.kpi.flatten import sql_of

    if dialect == "pyspark":
        # The Spark compiler reads options that ibis registers when the backend is first
        # looked up through the `ibis` namespace.
        _ = ibis.pyspark
    return sql_of(compile_kpi(kpi, schemas), dialect)
