"""From a raw source to a staged delivery: every value read as its contract type in one pass.

The staging table is a temporary DuckDB table (memory, spilling to the engine's temp folder) with
`_row`, one typed column per contract column and, only where reading failed, the text as written
(`_raw__<c>`), a suppression marker (`_marker__<c>`) or a non-whole number (`_num__<c>`). CPR
numbers are turned into pseudonyms while staging (each distinct number once): the clear number
exists only in the source file and in the staging connection's memory — for a single CSV file a
temporary table of its typed rows, read in parallel and numbered by its order, dropped in the
same step — never in a stored table.

Municipality names are resolved after staging, on the distinct values only (a file has a handful),
and written into the staging table with one UPDATE (none at all when the file already has codes).
A batch of files is staged through one text table (`typed_select_raw`), typed per group of files
that share a mapping and formats."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis.expr.types as ir

from faelled.catalog.contracts import Column, ColumnType, Contract
from faelled.errors import AmbiguousName, UnknownName
from faelled.ingest.mapping import ColumnMap
from faelled.ingest.pseudonym import CPR_EXACT, Pseudonymiser
from faelled.ingest.readers import RawSource, sql_string
from faelled.ingest.sniff import DATE_FORMATS, NumberFormat
from faelled.reference import resolve_place
from faelled.validate.checks import Prepared, municipality_column
from faelled.validate.compiled import fetch
from faelled.validate.run import TABLES as VALIDATION_TABLES
from faelled.validate.types import (
    EXPECTED,
    FILE,
    ROW,
    ROW_STRIDE,
    marker_name,
    number_name,
    raw_name,
)

_NUMERIC_NATIVE = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
)
_TRUE = ("true", "1", "ja", "j", "yes", "y", "x", "sand")
_FALSE = ("false", "0", "nej", "n", "no", "falsk")


STAGE = "_faelled_stage"
TYPED = "_faelled_typed"  # a single file's typed rows, before numbering and pseudonyms
CONTEXT = "_faelled_context"  # one row: the load's values (expected municipality, load id, time)


@dataclass
class Formats:
    numbers: NumberFormat
    dates: dict[str, str] = field(default_factory=dict)  # column → "dd-mm-yyyy", …


@dataclass
class Stage:
    """A staged delivery in the staging engine."""

    backend: Any  # the Ibis DuckDB backend holding the staging table
    name: str
    contract: Contract
    formats: Formats
    sources: tuple[str, ...] = ("_faelled_src",)  # temporary tables rows were streamed into

    def drop(self) -> None:
        # The staging tables hold the delivery; the small helper tables are replaced per file.
        for name in (self.name, *self.sources, *VALIDATION_TABLES):
            self.backend.con.execute(f'DROP TABLE IF EXISTS "{name}"')


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _list(values: Sequence[str]) -> str:
    return ", ".join(sql_string(v) for v in values)


def _native_kind(native: str | None) -> str:
    if native is None or native.startswith("VARCHAR"):
        return "text"
    if native.startswith(_NUMERIC_NATIVE):
        return "number"
    if native.startswith(("DATE", "TIMESTAMP")):
        return "date"
    if native == "BOOLEAN":
        return "boolean"
    return "other"


_BLANKS = ("' '", "chr(9)", "chr(13)", "chr(160)")  # space, tab, CR, no-break space


def _cleaned(column: str) -> str:
    """The text without surrounding blanks, NULL when empty. trim() with a set of characters
    is several times dearer than the byte tests of prefix()/suffix(), and most values have no
    blanks: trim only those that do."""
    edge = " OR ".join(
        [f"prefix({column}, {b})" for b in _BLANKS] + [f"suffix({column}, {b})" for b in _BLANKS]
    )
    return (
        f"CASE WHEN {edge} THEN NULLIF(trim({column}, {' || '.join(_BLANKS)}), '') "
        f"ELSE NULLIF({column}, '') END"
    )


def _number_text(s: str, fmt: NumberFormat) -> str:
    out = s
    if fmt.thousands:
        out = f"replace({out}, {sql_string(fmt.thousands)}, '')"
    if fmt.decimal == ",":
        out = f"replace({out}, ',', '.')"
    return out


def _column_sql(
    column: Column, src: str | None, native: str | None, formats: Formats
) -> list[tuple[str, str]]:
    """(expression, output name) pairs for one contract column. `src` is the cleaned source text
    (or the native value) in the inner query; None when the file lacks the optional column."""
    c = column.name
    out: list[tuple[str, str]] = []
    sql_type = {
        ColumnType.string: "VARCHAR",
        ColumnType.integer: "BIGINT",
        ColumnType.decimal: "DOUBLE",
        ColumnType.boolean: "BOOLEAN",
        ColumnType.date: "DATE",
        ColumnType.municipality: "VARCHAR",
    }[column.type]
    if src is None:
        return [(f"CAST(NULL AS {sql_type})", c)]
    kind = _native_kind(native)
    s = src
    if column.markers and kind == "text":
        out.append((f"CASE WHEN {src} IN ({_list(column.markers)}) THEN {src} END", marker_name(c)))
        s = f"(CASE WHEN {src} IN ({_list(column.markers)}) THEN NULL ELSE {src} END)"

    if column.pseudonymise:
        # Excel drops a CPR number's leading zero: nine digits are the ten they were.
        digits = (
            f"lpad(CAST({s} AS VARCHAR), 10, '0')"
            if kind == "number"
            else f"CASE WHEN length({s}) = 9 THEN '0' || {s} ELSE {s} END"
        )
        valid = f"regexp_full_match({digits}, {sql_string(CPR_EXACT)})"
        # The ten digits, only inside the staging statement: `stage_parts` replaces them by
        # their pseudonyms before anything is stored.
        out.append((f"CASE WHEN {valid} THEN replace({digits}, '-', '') END", c))
        # What failed is kept only masked: digits become '#'.
        out.append(
            (
                f"CASE WHEN {digits} IS NOT NULL AND NOT {valid} "
                f"THEN regexp_replace({digits}, '[0-9]', '#', 'g') END",
                raw_name(c),
            )
        )
        return out

    if column.type in (ColumnType.string, ColumnType.municipality):
        out.append((s if kind == "text" else f"CAST({s} AS VARCHAR)", c))
        if column.type is ColumnType.municipality:  # filled by resolve_places
            out.append(("CAST(NULL AS VARCHAR)", raw_name(c)))
        return out

    if column.type is ColumnType.integer and kind == "number":
        d = f"CAST({s} AS DOUBLE)"
        ok = f"({d} = trunc({d}) AND abs({d}) < 9e15)"
        out.append((f"CASE WHEN {ok} THEN CAST({d} AS BIGINT) END", c))
        out.append((f"CASE WHEN NOT {ok} THEN {d} END", number_name(c)))
        return out
    if column.type is ColumnType.decimal and kind == "number":
        return [*out, (f"CAST({s} AS DOUBLE)", c)]
    if column.type is ColumnType.date and kind == "date":
        return [*out, (f"CAST({s} AS DATE)", c)]
    if column.type is ColumnType.boolean and kind == "boolean":
        return [*out, (s, c)]

    text = s if kind == "text" else f"CAST({s} AS VARCHAR)"
    if column.type is ColumnType.integer:
        n = _number_text(text, formats.numbers)
        d = f"TRY_CAST({n} AS DOUBLE)"
        # DuckDB rounds '632.34' when cast to BIGINT: only digits take the exact integer path.
        value = (
            f"COALESCE(CASE WHEN strpos({n}, '.') = 0 THEN TRY_CAST({n} AS BIGINT) END, "
            f"CASE WHEN {d} = trunc({d}) AND abs({d}) < 9e15 THEN CAST({d} AS BIGINT) END)"
        )
        out.append((value, c))
        out.append((f"CASE WHEN {value} IS NULL THEN {d} END", number_name(c)))
    elif column.type is ColumnType.decimal:
        value = f"TRY_CAST({_number_text(text, formats.numbers)} AS DOUBLE)"
        out.append((value, c))
    elif column.type is ColumnType.date:
        fmt = DATE_FORMATS[formats.dates.get(c, "dd-mm-yyyy")]
        value = f"CAST(try_strptime({text}, {sql_string(fmt)}) AS DATE)"
        out.append((value, c))
    else:  # boolean
        value = (
            f"CASE WHEN lower({text}) IN ({_list(_TRUE)}) THEN true "
            f"WHEN lower({text}) IN ({_list(_FALSE)}) THEN false END"
        )
        out.append((value, c))
    out.append((f"CASE WHEN {text} IS NOT NULL AND ({value}) IS NULL THEN {text} END", raw_name(c)))
    return out


@dataclass(frozen=True)
class Part:
    """One file's typed SELECT, ready to be staged alone or unioned with other files."""

    sql: str
    file: str | None = None
    # Set when `sql` has no `_row`: the rows come in the file's order, the first is row `first`.
    first: int | None = None


def typed_select(
    con: Any,
    source: RawSource,
    mapping: ColumnMap,
    contract: Contract,
    formats: Formats,
    *,
    index: int | None = None,
    expected: str | None = None,
    table: str = "_faelled_src",
) -> Part:
    """The SELECT that reads one source typed. In a batch (`index` given) the row id encodes
    the file (index × ROW_STRIDE + row) and the file's name and expected municipality ride
    along as `_file` and `_expected`."""
    plain = source.ordered(con, mapping.header) if source.ordered and index is None else None
    if plain is not None:
        relation, first = plain
        inner = []
    else:
        relation, first = source.relation(con, mapping.header, table), None
        inner = ["_src_row"]
    for column in contract.columns:
        pos = mapping.positions.get(column.name)
        if pos is None:
            continue
        native = source.native_types[pos] if source.native_types else None
        expr = f"c{pos}"
        if _native_kind(native) == "text":
            expr = _cleaned(f"c{pos}")
        inner.append(f"{expr} AS {_q('s_' + column.name)}")
    row = "_src_row" if index is None else f"CAST({index} AS BIGINT) * {ROW_STRIDE} + _src_row"
    outer = [f"{row} AS {ROW}"] if first is None else []
    if index is not None:
        outer.append(f"{sql_string(source.info.name)} AS {FILE}")
        outer.append(
            f"CAST({'NULL' if expected is None else sql_string(expected)} AS VARCHAR) AS {EXPECTED}"
        )
    for column in contract.columns:
        pos = mapping.positions.get(column.name)
        native = source.native_types[pos] if source.native_types and pos is not None else None
        src = _q("s_" + column.name) if pos is not None else None
        outer += [f"{e} AS {_q(n)}" for e, n in _column_sql(column, src, native, formats)]
    sql = f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {relation})"
    return Part(sql, source.info.name if index is not None else None, first)


def typed_select_raw(
    relation: str, mapping: ColumnMap, contract: Contract, formats: Formats
) -> Part:
    """The typed SELECT over a batch's raw text rows (`_idx`, `_file`, `_expected`, `_src_row`,
    c0 … cN, all text) for the files that share one mapping and one set of formats."""
    inner = ["_idx", FILE, EXPECTED, "_src_row"]
    for column in contract.columns:
        pos = mapping.positions.get(column.name)
        if pos is not None:
            expr = _cleaned(f"c{pos}")
            inner.append(f"{expr} AS {_q('s_' + column.name)}")
    outer = [f"CAST(_idx AS BIGINT) * {ROW_STRIDE} + _src_row AS {ROW}", FILE, EXPECTED]
    for column in contract.columns:
        pos = mapping.positions.get(column.name)
        src = _q("s_" + column.name) if pos is not None else None
        outer += [f"{e} AS {_q(n)}" for e, n in _column_sql(column, src, None, formats)]
    return Part(f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {relation})")


def as_text(column: str, native: str | None) -> str:
    """A typed source column as the text a CSV would hold (dates as yyyy-mm-dd)."""
    kind = _native_kind(native)
    if kind == "text":
        return column
    if kind == "date":
        return f"strftime(CAST({column} AS DATE), '%Y-%m-%d')"
    return f"CAST({column} AS VARCHAR)"


def stage_parts(
    backend: Any,
    parts: Sequence[Part],
    contract: Contract,
    formats: Formats,
    pseudonymiser: Pseudonymiser | None,
) -> Stage:
    """Stage one or more files in one statement (files of a batch are unioned by column name:
    a natively typed Parquet column has no `_raw__` companion, a CSV column has)."""
    con = backend.con
    sources: tuple[str, ...] = ("_faelled_src",)
    if len(parts) == 1 and parts[0].first is not None:
        # Typed in parallel into a table that keeps the file's order (DuckDB preserves the
        # insertion order of a CREATE TABLE AS), then numbered by rowid — instead of a
        # row_number() window, which would hold the whole read on one thread.
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_q(TYPED)} AS {parts[0].sql}")
        body = f"SELECT rowid + {parts[0].first} AS {ROW}, * FROM {_q(TYPED)}"
        sources += (TYPED,)
        materialise = False
    else:
        body = " UNION ALL BY NAME ".join(f"({p.sql})" for p in parts)
        materialise = True
    # One fixed name: the queries over it, and so their compiled SQL, repeat from file to file.
    name = STAGE
    identifiers = [c.name for c in contract.columns if c.pseudonymise]
    try:
        if not identifiers:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {_q(name)} AS {body}")
            return Stage(backend, name, contract, formats, sources)
        if pseudonymiser is None:
            raise RuntimeError("a contract with CPR columns needs a pseudonymiser")
        with pseudonymiser.registered(con) as fn:
            sql = _pseudonymised(body, identifiers, fn, materialise=materialise)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {_q(name)} AS {sql}")
        return Stage(backend, name, contract, formats, sources)
    finally:
        # The typed rows still hold the CPR numbers in clear: gone as soon as staged.
        con.execute(f"DROP TABLE IF EXISTS {_q(TYPED)}")


def _pseudonymised(body: str, identifiers: Sequence[str], fn: str, *, materialise: bool) -> str:
    """`body` (whose identifier columns hold CPR digits) with each identifier replaced by its
    pseudonym, in the same statement. Each distinct number is pseudonymised once and joined
    back: people recur across rows (several spells, months, pupils' years), and the HMAC is
    the dearest part of staging. A body that only reads a table is not copied again."""
    ctes = [f"_typed AS {'' if materialise else 'NOT '}MATERIALIZED ({body})"]
    joins, replaced = [], []
    for i, c in enumerate(identifiers):
        ctes.append(
            f"_ids{i} AS (SELECT d, {fn}(d) AS p FROM "
            f"(SELECT DISTINCT {_q(c)} AS d FROM _typed WHERE {_q(c)} IS NOT NULL))"
        )
        joins.append(f"LEFT JOIN _ids{i} ON _typed.{_q(c)} = _ids{i}.d")
        replaced.append(f"_ids{i}.p AS {_q(c)}")
    return (
        f"WITH {', '.join(ctes)} SELECT _typed.* REPLACE ({', '.join(replaced)}) "
        f"FROM _typed {' '.join(joins)}"
    )


def stage(
    backend: Any,
    source: RawSource,
    mapping: ColumnMap,
    contract: Contract,
    formats: Formats,
    pseudonymiser: Pseudonymiser | None,
) -> Stage:
    """Read the whole source into a temporary staging table, typed, in one statement."""
    part = typed_select(backend.con, source, mapping, contract, formats)
    return stage_parts(backend, [part], contract, formats, pseudonymiser)


@dataclass
class Places:
    codes: dict[str, str]  # value as written → 3-digit code
    unknown: dict[str, str]  # value as written → why (with candidates)


def resolve_places(stage_: Stage) -> dict[str, Places]:
    """Resolve the distinct values of each municipality column (names, 4-digit codes, …) and
    write the codes into the staging table; what cannot be resolved moves to `_raw__<c>`.
    A file written with 3-digit codes (the usual case) needs no update at all."""
    out: dict[str, Places] = {}
    con = stage_.backend.con
    t = stage_.backend.table(stage_.name)
    for column in stage_.contract.columns:
        if column.type is not ColumnType.municipality:
            continue
        values = t.select(v=t[column.name]).distinct().filter(lambda x: x.v.notnull())
        codes: dict[str, str] = {}
        unknown: dict[str, str] = {}
        for v in fetch(values).column("v").to_pylist():
            try:
                place = resolve_place(v)
            except UnknownName as exc:
                unknown[v] = (
                    ("mente du / did you mean " + ", ".join(exc.candidates))
                    if (exc.candidates)
                    else "ukendt / unknown"
                )
                continue
            except AmbiguousName as exc:
                unknown[v] = "flertydig / ambiguous: " + ", ".join(exc.candidates)
                continue
            if place.kind != "municipality":
                unknown[v] = f"{place.name} ({place.code}) er ikke en kommune / not a municipality"
            else:
                codes[v] = place.code
        out[column.name] = Places(codes, unknown)
        changes: list[tuple[str, str | None]] = [
            (raw, code) for raw, code in codes.items() if raw != code
        ]
        changes += [(raw, None) for raw in unknown]
        if changes:
            c, r = _q(column.name), _q(raw_name(column.name))
            con.execute(
                'CREATE OR REPLACE TEMP TABLE "_faelled_places" (raw VARCHAR, code VARCHAR)'
            )
            con.executemany('INSERT INTO "_faelled_places" VALUES (?, ?)', changes)
            con.execute(
                f"UPDATE {_q(stage_.name)} AS s SET {r} = CASE WHEN p.code IS NULL THEN s.{c} END, "
                f'{c} = p.code FROM "_faelled_places" AS p WHERE s.{c} = p.raw'
            )
    return out


def prepare(
    stage_: Stage,
    places: dict[str, Places],
    expected_municipality: str | None,
    expected_value: ir.Value | None = None,
) -> Prepared:
    """The Ibis table validation and loading read: the staging table itself."""
    unknown: dict[str, str] = {}
    for p in places.values():
        unknown.update(p.unknown)
    muni = municipality_column(stage_.contract)
    return Prepared(
        stage_.backend.table(stage_.name),
        stage_.contract,
        date_formats=dict(stage_.formats.dates),
        unknown_places=unknown,
        expected_municipality=expected_municipality if muni is not None else None,
        expected_value=expected_value,
    )
