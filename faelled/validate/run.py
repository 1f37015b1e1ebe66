"""Run a contract's checks over a prepared delivery in as few passes as the engine allows.

Pass 1 evaluates every row-level check once per row. On DuckDB it writes the rows that fail
something into a small temporary table (`_faelled_failing`, a flag per check); the counts, the
row numbers of the first few per check (DuckDB's top-n `min(x, n)`) and, later, which rows are
invalid are read from it, so samples cost one lookup instead of a scan per check and no later
pass evaluates the checks again. Elsewhere pass 1 is one aggregate query over the delivery. Key
uniqueness is one grouped query; plausibility and complete months each one small grouped query,
run only when the contract asks for them. Nothing here writes to the database: the outcome tells
the caller which rows are invalid and why."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from faelled.catalog.contracts import ColumnType, PlausibilityRule
from faelled.reference import reference
from faelled.validate.checks import Prepared, RowCheck, municipality_column, row_checks
from faelled.validate.compiled import fetch, fetch_rows, known_table, sql_of
from faelled.validate.findings import Finding, Msg
from faelled.validate.report import Report
from faelled.validate.types import FILE, NUMERIC, ROW, number_name, source_row

SAMPLE_SIZE = 5


@ibis.udf.agg.builtin(name="min")  # type: ignore[untyped-decorator]
def _first_n(arg: int, n: int) -> dt.Array(dt.int64):  # type: ignore[valid-type]
    """DuckDB's top-n aggregate: the n smallest values as a list."""


@dataclass
class Outcome:
    """A validated delivery: the report, and how to split its rows."""

    report: Report
    table: ir.Table  # the prepared table, with a `_dup` flag when keys repeat
    invalid: ir.BooleanValue  # an error finding hits the row
    reasons: ir.StringValue  # the rules a row fails, "rule-a, rule-b"
    checks: list[RowCheck] = field(default_factory=list)
    delivery_errors: list[Finding] = field(default_factory=list)  # errors no row carries
    duplicate: ir.BooleanValue | None = None  # the row repeats an earlier row's key

    @property
    def rows(self) -> int:
        return int(self.report.stats.get("rows", 0))

    @property
    def invalid_rows(self) -> int:
        return int(self.report.stats.get("invalid_rows", 0))


def _is_duckdb(expr: ir.Expr) -> bool:
    try:
        return bool(expr._find_backend().name == "duckdb")
    except Exception:  # an unbound expression has no backend; be conservative
        return False


def validate(
    prep: Prepared,
    *,
    population: ir.Table | None = None,
    source: str = "",
    sample_size: int = SAMPLE_SIZE,
    extra_findings: Sequence[Finding] = (),
    per_partition: bool = False,
) -> Outcome:
    """Validate `prep` against its contract. `population` (municipality, year, population) is
    the reference for plausibility rules; `extra_findings` come from reading (e.g. ignored
    columns) and are reported first."""
    started = time.perf_counter()
    t = prep.table
    contract = prep.contract
    checks = row_checks(prep)
    top_n = _is_duckdb(t)

    # Pass 1: every row-level check at once. Each check is evaluated once per row, in a
    # projection the aggregate reads: written into the aggregate, a check appears three times
    # (count, first rows, any error) and a code-list lookup would be joined three times.
    flags = t.select(t[ROW], **{f"_c{i}": check.fails for i, check in enumerate(checks)})
    errors = [c.fails for c in checks if c.severity == "error"]
    error_rows: ir.Table | None = None
    if top_n and checks:
        # On DuckDB the rows that fail a check (few, in a usable delivery) go into a small
        # table in one filtering scan; counts, first rows and the repeats' error flags are
        # then read from it, not aggregated over every row.
        backend = t._find_backend()
        failing = flags.filter(_any([flags[f"_c{i}"] for i in range(len(checks))]))
        backend.con.execute(f'CREATE OR REPLACE TEMP TABLE "{FAILING_TABLE}" AS ' + sql_of(failing))
        flags = known_table(backend, FAILING_TABLE, dict(failing.schema().items()))
        error_flags = [flags[f"_c{i}"] for i, c in enumerate(checks) if c.severity == "error"]
        error_rows = flags.filter(_any(error_flags)).select(ROW)
    # The table of failing rows cannot count the delivery's rows: those are counted apart.
    metrics: dict[str, ir.Value] = {} if error_rows is not None else {"_rows": flags.count()}
    for i, _ in enumerate(checks):
        fails = flags[f"_c{i}"]
        metrics[f"n{i}"] = fails.sum()
        metrics[f"f{i}"] = (
            _first_n(flags[ROW], sample_size, where=fails) if top_n else flags[ROW].min(where=fails)
        )
    metrics["_invalid"] = _any(
        [flags[f"_c{i}"] for i, c in enumerate(checks) if c.severity == "error"]
    ).sum()
    first = fetch_rows(flags.aggregate(**metrics))[0]
    rows = int(first["_rows"] if "_rows" in first else fetch_rows(t.aggregate(n=t.count()))[0]["n"])

    found: list[tuple[RowCheck, int, list[int]]] = []
    for i, check in enumerate(checks):
        n = int(first[f"n{i}"] or 0)
        if n:
            f = first[f"f{i}"]
            firsts = sorted(f) if isinstance(f, list) else [f] if f is not None else []
            if not top_n and n > 1:
                firsts = _first_rows(t, check.fails, sample_size)
            found.append((check, n, firsts[:sample_size]))

    findings: list[Finding] = list(extra_findings)
    samples = _fetch_samples(prep, {r for _, _, rs in found for r in rs})
    for check, n, firsts in found:
        findings.append(
            Finding(
                check.rule,
                check.severity,
                check.message.format(count=n),
                check.column,
                n,
                tuple(source_row(r) for r in firsts),
                tuple(_project(samples[r], check.show) for r in firsts if r in samples),
                check.hint,
            )
        )

    # Whole-delivery checks; each may add a row-level flag to the invalid rows.
    extra_invalid: list[tuple[str, ir.BooleanValue]] = []
    duplicate: ir.BooleanValue | None = None
    only_duplicate: int | None = None
    if contract.keys:
        t, flag, finding, only_duplicate = _unique_keys(prep, t, sample_size, error_rows)
        if finding is not None and flag is not None:
            findings.append(finding)
            extra_invalid.append((finding.rule, flag))
            duplicate = flag
    for rule in contract.rules:
        if isinstance(rule, PlausibilityRule) and population is not None:
            result = _plausibility(prep, rule, population, sample_size)
            if result is not None:
                finding, flag = result
                findings.append(finding)
                if rule.severity == "error":
                    extra_invalid.append((rule.id, flag))
    delivery_errors, gap_flag = _complete_months(prep)
    if per_partition and gap_flag is not None:
        # A batch of many municipalities' files: an incomplete year is refused on its own,
        # its rows quarantined, instead of refusing every other municipality's delivery.
        extra_invalid.append(("incomplete-period", gap_flag))
        delivery_errors = []
    findings.extend(delivery_errors)

    # On DuckDB a row's check errors are a lookup in the small table of failing rows: every
    # later pass (quality, partitions, accepted and quarantined rows) then probes it instead of
    # evaluating each check (and joining each code list) again.
    row_errors = errors if error_rows is None else [t[ROW].isin(error_rows[ROW])]
    invalid = _any([*row_errors, *(flag for _, flag in extra_invalid)])
    invalid_rows = int(first["_invalid"] or 0)
    if only_duplicate is not None and len(extra_invalid) == 1:
        # The repeats that fail nothing else, counted on the small table of repeats: no
        # third pass over the delivery.
        invalid_rows += only_duplicate
    elif extra_invalid:
        invalid_rows = int(fetch_rows(t.aggregate(n=invalid.sum()))[0]["n"] or 0)
    reasons = ibis.literal(", ").join(
        [
            ibis.ifelse(c.fails, ibis.literal(c.rule), ibis.null(str))
            for c in checks
            if c.severity == "error"
        ]
        + [ibis.ifelse(flag, ibis.literal(rule), ibis.null(str)) for rule, flag in extra_invalid]
    )
    report = Report(
        dataset=contract.name,
        source=source,
        findings=findings,
        stats={
            "rows": rows,
            "invalid_rows": invalid_rows,
            "valid_rows": rows - invalid_rows,
            "checks": len(checks) + len(contract.keys and [1]) + len(contract.rules),
            "validate_seconds": round(time.perf_counter() - started, 3),
        },
    )
    return Outcome(report, t, invalid, reasons, checks, delivery_errors, duplicate)


def _any(conds: Sequence[ir.BooleanValue]) -> ir.BooleanValue:
    out: ir.BooleanValue = ibis.literal(False)
    for c in conds:
        out = out | c
    return out


def _all(conds: Sequence[ir.BooleanValue]) -> ir.BooleanValue:
    out: ir.BooleanValue = ibis.literal(True)
    for c in conds:
        out = out & c
    return out


def _first_rows(t: ir.Table, cond: ir.BooleanValue, n: int) -> list[int]:
    rows = fetch(t.filter(cond).select(t[ROW]).order_by(ROW).limit(n))
    return [int(r) for r in rows.column(ROW).to_pylist()]


ROWS_TABLE = "_faelled_rows"
DUPS_TABLE = "_faelled_dups"
GROUPS_TABLE = "_faelled_dup_keys"
FAILING_TABLE = "_faelled_failing"
TABLES = (ROWS_TABLE, DUPS_TABLE, GROUPS_TABLE, FAILING_TABLE)  # what a validation leaves


def _rows_in(t: ir.Table, rows: list[int]) -> ir.Table:
    """The rows of `t` with these row numbers. On DuckDB through a temporary table, so that the
    query (and its compiled SQL) is the same whichever rows are asked for."""
    backend = t._find_backend()
    if backend.name != "duckdb":
        return t.filter(t[ROW].isin(rows))
    con = backend.con
    con.execute(f'CREATE OR REPLACE TEMP TABLE "{ROWS_TABLE}" ({ROW} BIGINT)')
    con.executemany(f'INSERT INTO "{ROWS_TABLE}" VALUES (?)', [[r] for r in rows])
    return t.filter(t[ROW].isin(known_table(backend, ROWS_TABLE, {ROW: "int64"})[ROW]))


def _fetch_samples(prep: Prepared, rows: set[int]) -> dict[int, dict[str, Any]]:
    """The sampled rows, each column as written (one query for every finding)."""
    if not rows:
        return {}
    t = prep.table
    shown = {c.name: prep.value_as_written(c) for c in prep.contract.columns}
    extra = [t[FILE]] if FILE in t.columns else []
    got = fetch_rows(_rows_in(t, sorted(rows)).select(t[ROW], *extra, **shown))
    return {int(r[ROW]): r for r in got}


def _project(row: dict[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    where = {"file": row[FILE]} if FILE in row else {}
    return {**where, "row": source_row(int(row[ROW])), **{c: row.get(c) for c in columns}}


def _unique_keys(
    prep: Prepared,
    t: ir.Table,
    sample_size: int,
    error_rows: ir.Table | None = None,
) -> tuple[ir.Table, ir.BooleanValue | None, Finding | None, int | None]:
    """Repeated keys: the finding, a flag for the repeats and (on DuckDB) how many repeats
    fail no other rule. `error_rows` (DuckDB: the rows failing an error check) spares
    evaluating the checks again for the repeats."""
    keys = prep.contract.keys
    # A row with a missing key is already an error (missing-value); it is nobody's duplicate.
    complete = _all([t[k].notnull() for k in keys])
    backend = t._find_backend()
    duckdb = backend.name == "duckdb"
    # On DuckDB the grouping only counts (a min(_row) per key costs as much again); the
    # first row of each repeated key is found among that key's few rows afterwards.
    metrics = {"_n": ibis._.count()} if duckdb else {"_n": ibis._.count(), "_first": t[ROW].min()}
    groups = t.filter(complete).group_by(keys).aggregate(**metrics).filter(lambda g: g._n > 1)
    if duckdb:
        # The duplicated keys, once, in a small table (one grouped pass): the summary, the
        # samples and the flag of the repeats all read it instead of grouping again.
        backend.con.execute(f'CREATE OR REPLACE TEMP TABLE "{GROUPS_TABLE}" AS ' + sql_of(groups))
        groups = known_table(backend, GROUPS_TABLE, dict(groups.schema().items()))
    summary = groups.aggregate(extra=(groups._n - 1).sum(), n_groups=groups.count())
    got = fetch_rows(summary)[0]
    extra = int(got["extra"] or 0)
    if not extra:
        return t, None, None, None
    flag: ir.BooleanValue
    only: int | None = None
    if duckdb:
        # The repeats (rows after the first of their key) in a small table too: every later
        # query (invalid count, quality, accepted and quarantined rows) joins it, and the
        # samples come from it and the groups instead of another pass over the delivery.
        # The error flag after the join: looked up for the few repeats, not for every row.
        rows_of = t.inner_join(groups, keys).select(ROW, *keys)
        rows_of = rows_of.mutate(_first=rows_of[ROW].min().over(group_by=keys))
        repeats = rows_of.filter(rows_of[ROW] > rows_of._first)
        # No table of failing rows on DuckDB means no row check at all: nothing else fails.
        err = repeats[ROW].isin(error_rows[ROW]) if error_rows is not None else ibis.literal(False)
        sel = repeats.select(ROW, "_first", _err=err)
        backend.con.execute(f'CREATE OR REPLACE TEMP TABLE "{DUPS_TABLE}" AS ' + sql_of(sel))
        dups = known_table(
            backend, DUPS_TABLE, {ROW: "int64", "_first": "int64", "_err": "boolean"}
        )
        only = int(fetch_rows(dups.aggregate(n=(~dups._err).sum()))[0]["n"] or 0)
        firsts = dups.select("_first").distinct().order_by("_first").limit(sample_size)
        later = dups.filter(dups._first.isin(firsts._first)).select(dups[ROW])
        chosen = firsts.select(**{ROW: firsts._first}).union(later)
        dup_rows = fetch(chosen.order_by(ROW).limit(sample_size * 2))
        flagged = t
        flag = t[ROW].isin(dups[ROW])
    else:
        first_groups = groups.order_by("_first").limit(sample_size).select(*keys)
        dup_rows = fetch(
            t.inner_join(first_groups, keys).select(t[ROW]).order_by(ROW).limit(sample_size * 2)
        )
        rank = ibis.row_number().over(group_by=keys, order_by=t[ROW])
        flagged = t.mutate(_dup=ibis.ifelse(complete, rank > 0, False))
        flag = flagged["_dup"]
    rows = [int(r) for r in dup_rows.column(ROW).to_pylist()]
    samples = _fetch_samples(prep, set(rows))
    key_text = ", ".join(keys)
    finding = Finding(
        "duplicate-key",
        "error",
        Msg(
            f"{extra} rækker gentager en nøgle ({key_text}), som en tidligere række i filen "
            f"allerede har ({got['n_groups']} nøgler i alt).",
            f"{extra} rows repeat a key ({key_text}) that an earlier row in the file already "
            f"has ({got['n_groups']} keys in all).",
        ),
        keys[0] if len(keys) == 1 else None,
        extra,
        tuple(source_row(r) for r in rows),
        tuple(_project(samples[r], keys) for r in rows if r in samples),
        Msg(
            "Fjern dubletterne; den første række med nøglen indlæses, de følgende sættes i "
            "karantæne.",
            "Remove the duplicates; the first row with a key is loaded, later ones are "
            "quarantined.",
        ),
    )
    return flagged, flag, finding, only


def _plausibility(
    prep: Prepared, rule: PlausibilityRule, population: ir.Table, sample_size: int
) -> tuple[Finding, ir.BooleanValue] | None:
    t = prep.table
    muni = municipality_column(prep.contract)
    if muni is None:
        return None
    column = prep.contract.column(rule.column)
    value: ir.NumericValue
    if column.type in NUMERIC:
        value = t[rule.column].cast("float64")
        if prep.has(number_name(rule.column)):
            value = value.coalesce(t[number_name(rule.column)])
        measure = value.sum()
        what = Msg("summen af", "the sum of")
    else:
        measure = t[rule.column].count()
        what = Msg("antallet af", "the count of")
    per = {f"_per{i}": t[c] for i, c in enumerate(rule.per)}
    agg = fetch(t.group_by(code=t[muni.name], **per).aggregate(value=measure, n=ibis._.count()))
    year_key = next((f"_per{i}" for i, c in enumerate(rule.per) if c == "year"), None)
    pop = _population_by_year(population)
    # Per municipality the part furthest off (a part: the whole delivery, or one year × kind).
    worst: dict[str, tuple[float, float, float]] = {}
    rows_of: dict[str, int] = defaultdict(int)
    for r in agg.to_pylist():
        code, v = r["code"], r["value"]
        if code is None or v is None or code not in pop:
            continue
        rows_of[code] += int(r["n"])
        year = r.get(year_key) if year_key else None
        expected = _nearest(pop[code], year) * rule.expected_share
        if expected <= 0:
            continue
        off = abs(_log_ratio(float(v), expected))
        if code not in worst or off > worst[code][0]:
            worst[code] = (off, float(v), expected)
    limit = math.log(rule.factor)
    flagged = [(code, v, e) for code, (off, v, e) in worst.items() if off > limit]
    rows = sum(rows_of[code] for code, _, _ in flagged)
    if not flagged:
        return None
    # The worst first; equally bad ones (a file 1000× off everywhere) by code, so the message
    # does not depend on the order the engine happened to group in.
    flagged.sort(key=lambda f: (-round(abs(_log_ratio(f[1], f[2])), 6), f[0]))
    names = {m.code: m.name for m in reference().municipalities}
    examples = "; ".join(
        f"{names.get(code, code)} ({code}): {_fmt(v)} / {_fmt(e)}" for code, v, e in flagged[:3]
    )
    codes = [code for code, _, _ in flagged]
    flag = t[muni.name].isin(codes).fill_null(False)
    firsts = _first_rows(t, flag, sample_size)
    samples = _fetch_samples(prep, set(firsts))
    per_da = f" pr. {', '.join(rule.per)}" if rule.per else ""
    per_en = f" per {', '.join(rule.per)}" if rule.per else ""
    message = Msg(
        f"{rule.message.da} {len(flagged)} kommuner: {what.da} {rule.column}{per_da} ligger "
        f"mere end {_fmt(rule.factor)} gange fra forventet (fundet / forventet: {examples}).",
        f"{rule.message.en} {len(flagged)} municipalities: {what.en} {rule.column}{per_en} is "
        f"more than {_fmt(rule.factor)} times off the expected (found / expected: {examples}).",
    )
    finding = Finding(
        rule.id,
        rule.severity,
        message,
        rule.column,
        rows,
        tuple(source_row(r) for r in firsts),
        tuple(_project(samples[r], (muni.name, rule.column)) for r in firsts if r in samples),
        Msg(
            "Tjek enhed og tusindtalsseparatorer (blev filen gemt igen i et regneark?).",
            "Check the unit and thousands separators (was the file re-saved in a spreadsheet?).",
        ),
    )
    return finding, flag


def _log_ratio(a: float, b: float) -> float:
    return math.log(max(a, 1e-12) / max(b, 1e-12))


def _fmt(x: float) -> str:
    # No thousands separator: "3.488" would read as 3488 in Danish and 3.488 in English.
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def _population_by_year(population: ir.Table) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = defaultdict(dict)
    for r in population.to_pyarrow().to_pylist():
        out[str(r["municipality"])][int(r["year"])] = float(r["population"])
    return out


def _nearest(by_year: dict[int, float], year: Any) -> float:
    """The population of `year`, else of the nearest year the reference has (the latest when
    the delivery has no year)."""
    if year is None:
        return by_year[max(by_year)]
    return by_year[min(by_year, key=lambda y: (abs(y - int(year)), -y))]


_MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _complete_months(prep: Prepared) -> tuple[list[Finding], ir.BooleanValue | None]:
    """A delivery with monthly periods must hold every month of each year it covers. Also
    returns a flag for the rows of the incomplete years (for batches of many deliveries)."""
    period = prep.contract.period
    if period is None or period.grain != "month" or not period.complete:
        return [], None
    t = prep.table
    column = prep.contract.column(period.column)
    p = t[period.column]
    if column.type is ColumnType.date:
        year, month = p.year(), p.month()
    elif column.type is ColumnType.integer:  # 202301
        year, month = p // 100, p % 100
    else:  # "2023-01"
        year, month = p.substr(0, 4).try_cast("int64"), p.substr(5, 2).try_cast("int64")
    muni = municipality_column(prep.contract)
    by: dict[str, ir.Value] = {"year": year, "month": month}
    if muni is not None:
        by["code"] = t[muni.name]
    present = fetch(t.filter(p.notnull()).group_by(**by).aggregate(n=ibis._.count()))
    months: dict[tuple[Any, Any], set[int]] = defaultdict(set)
    for r in present.to_pylist():
        months[(r.get("code"), r["year"])].add(int(r["month"]))
    gaps = {k: sorted(set(range(1, 13)) - v) for k, v in sorted(months.items(), key=str)}
    gaps = {k: v for k, v in gaps.items() if v}
    if not gaps:
        return [], None
    flag: ir.BooleanValue = ibis.literal(False)
    for code, y in gaps:
        here = year == y
        if muni is not None:
            here = here & (t[muni.name] == code)
        flag = flag | here
    flag = flag.fill_null(False)
    parts = [
        f"{code + ' ' if code else ''}{year}: {', '.join(_MONTHS[m - 1] for m in missing)}"
        for (code, year), missing in list(gaps.items())[:5]
    ]
    text = "; ".join(parts)
    findings = [
        Finding(
            "incomplete-period",
            "error",
            Msg(
                f"Leverancen mangler måneder i {period.column}: {text}.",
                f"The delivery is missing months in {period.column}: {text}.",
            ),
            period.column,
            0,
            hint=Msg(
                "Lever hele året på én gang (alle 12 måneder); en delvis leverance ville "
                "erstatte et helt år.",
                "Deliver the whole year at once (all 12 months); a partial delivery would "
                "replace a whole year.",
            ),
        )
    ]
    return findings, flag
