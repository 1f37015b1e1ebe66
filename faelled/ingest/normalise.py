"""From a raw source to a staged delivery: every value read as its contract type in one pass.

The staging table is a temporary DuckDB table (memory, spilling to the engine's temp folder) with
`_row`, one typed column per contract column and, only where reading failed, the text as written
(`_raw__<c>`), a suppression marker (`_marker__<c>`) or a non-whole number (`_num__<c>`). CPR
numbers are turned into pseudonyms inside the same statement that reads the file: the clear number
exists only in the source file and in the engine's working memory, never in a table.

Municipality names are resolved after staging, on the distinct values only (a file has a handful),
and applied as a CASE in the prepared Ibis view that validation and loading read."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir

from faelled.catalog.contracts import Column, ColumnType, Contract
from faelled.errors import AmbiguousName, UnknownName
from faelled.ingest.mapping import ColumnMap
from faelled.ingest.pseudonym import CPR_EXACT, Pseudonymiser, sql_expression
from faelled.ingest.readers import RawSource, sql_string
from faelled.ingest.sniff import DATE_FORMATS, NumberFormat
from faelled.reference import resolve_place
from faelled.validate.checks import Prepared, municipality_column
from faelled.validate.types import ROW, marker_name, number_name, raw_name

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

    def drop(self) -> None:
        self.backend.con.execute(f'DROP TABLE IF EXISTS "{self.name}"')
        self.backend.con.execute('DROP TABLE IF EXISTS "_faelled_src"')


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
        digits = f"lpad(CAST({s} AS VARCHAR), 10, '0')" if kind == "number" else s
        valid = f"regexp_full_match({digits}, {sql_string(CPR_EXACT)})"
        pseudo = sql_expression(f"replace({digits}, '-', '')", "$ipad", "$opad")
        out.append((f"CASE WHEN {valid} THEN {pseudo} END", c))
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


def stage(
    backend: Any,
    source: RawSource,
    mapping: ColumnMap,
    contract: Contract,
    formats: Formats,
    pseudonymiser: Pseudonymiser | None,
) -> Stage:
    """Read the whole source into a temporary staging table, typed, in one statement."""
    con = backend.con
    relation = source.relation(con, mapping.header)
    inner = ["_src_row"]
    for column in contract.columns:
        pos = mapping.positions.get(column.name)
        if pos is None:
            continue
        native = source.native_types[pos] if source.native_types else None
        expr = f"c{pos}"
        if _native_kind(native) == "text":
            expr = f"NULLIF(trim(c{pos}, ' ' || chr(9) || chr(160) || chr(13)), '')"
        inner.append(f"{expr} AS {_q('s_' + column.name)}")
    outer = [f"_src_row AS {ROW}"]
    for column in contract.columns:
        pos = mapping.positions.get(column.name)
        native = source.native_types[pos] if source.native_types and pos is not None else None
        src = _q("s_" + column.name) if pos is not None else None
        outer += [f"{e} AS {_q(n)}" for e, n in _column_sql(column, src, native, formats)]
    name = f"_faelled_stage_{secrets.token_hex(4)}"
    sql = (
        f"CREATE TEMP TABLE {_q(name)} AS SELECT {', '.join(outer)} "
        f"FROM (SELECT {', '.join(inner)} FROM {relation})"
    )
    params: dict[str, bytes] = {}
    if "$ipad" in sql:
        if pseudonymiser is None:
            raise RuntimeError("a contract with CPR columns needs a pseudonymiser")
        ipad, opad = pseudonymiser.sql_pads()
        params = {"ipad": ipad, "opad": opad}
    con.execute(sql, params) if params else con.execute(sql)
    return Stage(backend, name, contract, formats)


@dataclass
class Places:
    codes: dict[str, str]  # value as written → 3-digit code
    unknown: dict[str, str]  # value as written → why (with candidates)


def resolve_places(stage_: Stage) -> dict[str, Places]:
    """Resolve the distinct values of each municipality column (names, 4-digit codes, …)."""
    out: dict[str, Places] = {}
    t = stage_.backend.table(stage_.name)
    for column in stage_.contract.columns:
        if column.type is not ColumnType.municipality:
            continue
        values = t.select(v=t[column.name]).distinct().filter(lambda x: x.v.notnull())
        codes: dict[str, str] = {}
        unknown: dict[str, str] = {}
        for v in values.to_pyarrow().column("v").to_pylist():
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
    return out


def prepare(
    stage_: Stage, places: dict[str, Places], expected_municipality: str | None
) -> Prepared:
    """The Ibis view validation and loading read: staged columns, municipalities as codes."""
    t: ir.Table = stage_.backend.table(stage_.name)
    unknown: dict[str, str] = {}
    changes: dict[str, ir.Value] = {}
    for name, p in places.items():
        value = t[name]
        code = value.substitute(p.codes, else_=ibis.null(str)) if p.codes else ibis.null(str)
        changes[name] = code
        changes[raw_name(name)] = ibis.ifelse(
            value.notnull() & code.isnull(), value, ibis.null(str)
        )
        unknown.update(p.unknown)
    if changes:
        t = t.mutate(**changes)
    muni = municipality_column(stage_.contract)
    return Prepared(
        t,
        stage_.contract,
        date_formats=dict(stage_.formats.dates),
        unknown_places=unknown,
        expected_municipality=expected_municipality if muni is not None else None,
    )
