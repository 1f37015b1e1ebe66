"""Compile a contract's row-level rules into Ibis boolean expressions over a prepared delivery.

A prepared delivery is an Ibis table with `_row` (the source row number), one typed column per
contract column and, where reading failed, companions (`_raw__<c>`: the value as written;
`_marker__<c>`: a suppression marker; `_num__<c>`: a non-whole number in an integer column). Every
check is a `fails` expression that is never NULL, so that counting, sampling and splitting rows into
accepted and quarantined agree exactly. Checks that need the whole delivery (unique keys,
plausibility, complete months) run in `faelled.validate.run`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir

from faelled.catalog.contracts import Column, ColumnType, CompareRule, Contract
from faelled.validate.findings import Msg, Severity
from faelled.validate.types import NUMERIC, TYPE_NAMES, marker_name, raw_name

# The date formats files use, as regular expressions over the text (for "another format" hints).
DATE_PATTERNS: dict[str, str] = {
    "dd-mm-yyyy": r"^\d{1,2}-\d{1,2}-\d{4}$",
    "dd.mm.yyyy": r"^\d{1,2}\.\d{1,2}\.\d{4}$",
    "yyyy-mm-dd": r"^\d{4}-\d{1,2}-\d{1,2}",
    "dd/mm/yyyy": r"^\d{1,2}/\d{1,2}/\d{4}$",
}


@dataclass
class Prepared:
    """A delivery ready to validate (see the module docstring for its columns)."""

    table: ir.Table
    contract: Contract
    date_formats: dict[str, str] = field(default_factory=dict)  # column → format it was read in
    unknown_places: dict[str, str] = field(default_factory=dict)  # value as written → why
    expected_municipality: str | None = None  # from --municipality or the file name
    # The same as an engine value; ingest passes a scalar subquery on its context table, so the
    # compiled SQL does not change from one municipality's file to the next.
    expected_value: ir.Value | None = None

    def has(self, name: str) -> bool:
        return name in self.table.columns

    def value_as_written(self, column: Column) -> ir.StringValue:
        """What a person sees for a cell in a sample: the text as written where reading failed,
        the typed value otherwise. Identifiers are never shown (the raw text is already masked)."""
        t = self.table
        typed = t[column.name]
        shown: ir.StringValue = (
            ibis.ifelse(typed.isnull(), ibis.null(str), ibis.literal("(pseudonym)"))
            if column.pseudonymise
            else typed.cast(str)
        )
        for companion in (raw_name(column.name), marker_name(column.name)):
            if self.has(companion):
                shown = t[companion].coalesce(shown)
        return shown


@dataclass(frozen=True)
class RowCheck:
    rule: str
    severity: Severity
    column: str | None
    show: tuple[str, ...]  # columns shown in sample rows
    fails: ir.BooleanValue  # never NULL
    message: Msg  # may use {count}
    hint: Msg | None = None


def _safe(cond: ir.BooleanValue) -> ir.BooleanValue:
    return cond.fill_null(False)


def _typed_allowed(column: Column) -> list[Any]:
    assert column.allowed is not None
    if column.type is ColumnType.integer:
        return [int(float(v)) for v in column.allowed]
    if column.type is ColumnType.decimal:
        return [float(v) for v in column.allowed]
    return [str(v) for v in column.allowed]


def _allowed_set(prep: Prepared, column: Column, allowed: list[Any]) -> Any:
    """A long code list as a small table on DuckDB: `IN (SELECT …)` is a hash lookup, while
    `IN ('101', …, '860')` with 98 constants costs ten times as much per row."""
    if len(allowed) <= 8:
        return allowed
    try:
        backend = prep.table._find_backend()
    except Exception:  # not bound to a backend: keep the literal list
        return allowed
    if backend.name != "duckdb":
        return allowed
    import pyarrow as pa

    from faelled.validate.compiled import known_table
    from faelled.validate.types import dtype

    name = f"_faelled_allowed_{column.name}"
    typ = dtype(column)
    backend.con.register("_faelled_values", pa.table({"v": pa.array(allowed)}))
    backend.con.execute(
        f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT CAST(v AS {_SQL[str(typ)]}) AS v '
        "FROM _faelled_values"
    )
    backend.con.unregister("_faelled_values")
    return known_table(backend, name, {"v": typ})["v"]


_SQL = {"string": "VARCHAR", "int64": "BIGINT", "float64": "DOUBLE", "boolean": "BOOLEAN",
        "date": "DATE"}  # fmt: skip


def _short(values: Sequence[Any], n: int = 8) -> str:
    shown = ", ".join(str(v) for v in values[:n])
    return shown + (", …" if len(values) > n else "")


def _column_checks(prep: Prepared, column: Column) -> list[RowCheck]:
    t = prep.table
    c = column.name
    value = t[c]
    raw = t[raw_name(c)] if prep.has(raw_name(c)) else None
    marker = t[marker_name(c)] if prep.has(marker_name(c)) else None
    checks: list[RowCheck] = []
    type_name = TYPE_NAMES[column.type]

    if raw is not None:
        if column.type is ColumnType.municipality:
            examples = "; ".join(f"{k!r}: {v}" for k, v in list(prep.unknown_places.items())[:3])
            checks.append(
                RowCheck(
                    "unknown-municipality",
                    "error",
                    c,
                    (c,),
                    raw.notnull(),
                    Msg(
                        f"{{count}} rækker har en ukendt kommune i {c} ({examples}).",
                        f"{{count}} rows have an unknown municipality in {c} ({examples}).",
                    ),
                    Msg(
                        "Skriv kommunens navn eller 3-cifrede kode, fx 'Aalborg' eller 851.",
                        "Write the municipality's name or 3-digit code, e.g. 'Aalborg' or 851.",
                    ),
                )
            )
        elif column.pseudonymise:
            checks.append(
                RowCheck(
                    "invalid-cpr",
                    "error",
                    c,
                    (c,),
                    raw.notnull(),
                    Msg(
                        f"{{count}} værdier i {c} er ikke gyldige CPR-numre (vist maskeret).",
                        f"{{count}} values in {c} are not valid CPR numbers (shown masked).",
                    ),
                    Msg(
                        "Et CPR-nummer er 10 cifre (DDMMÅÅ-NNNN); ret eller fjern rækkerne.",
                        "A CPR number is 10 digits (DDMMYY-NNNN); fix or remove the rows.",
                    ),
                )
            )
        else:
            other_format: ir.BooleanValue = ibis.literal(False)
            if column.type is ColumnType.date:
                fmt = prep.date_formats.get(c, "dd-mm-yyyy")
                others = [p for name, p in DATE_PATTERNS.items() if name != fmt]
                for pattern in others:
                    other_format = other_format | raw.re_search(pattern)
                other_format = _safe(other_format)
                checks.append(
                    RowCheck(
                        "date-format",
                        "error",
                        c,
                        (c,),
                        raw.notnull() & other_format,
                        Msg(
                            f"{{count}} datoer i {c} er skrevet i et andet format end resten af "
                            f"kolonnen ({fmt}).",
                            f"{{count}} dates in {c} are written in another format than the rest "
                            f"of the column ({fmt}).",
                        ),
                        Msg(
                            "Brug ét datoformat i hele kolonnen (blandede formater kommer ofte "
                            "af redigering i Excel).",
                            "Use one date format for the whole column (mixed formats often come "
                            "from editing in Excel).",
                        ),
                    )
                )
            extra = Msg("", "")
            if column.type is ColumnType.date:
                fmt = prep.date_formats.get(c, "dd-mm-yyyy")
                extra = Msg(f" ({fmt})", f" ({fmt})")
            elif column.type in NUMERIC:
                extra = Msg(" (tal skrives uden enheder)", " (numbers without units)")
            checks.append(
                RowCheck(
                    "type-error",
                    "error",
                    c,
                    (c,),
                    raw.notnull() & ~other_format,
                    Msg(
                        f"{{count}} værdier i {c} kan ikke læses som {type_name.da}{extra.da}.",
                        f"{{count}} values in {c} cannot be read as {type_name.en}{extra.en}.",
                    ),
                    Msg(
                        "Ret værdierne i filen, eller ret kolonnens type i kontrakten.",
                        "Fix the values in the file, or the column's type in the contract.",
                    ),
                )
            )

    if column.required:
        missing = value.isnull()
        if raw is not None:
            missing = missing & raw.isnull()
        if marker is not None:
            missing = missing & marker.isnull()
        checks.append(
            RowCheck(
                "missing-value",
                "error",
                c,
                (c,),
                missing if raw is None and marker is None else _safe(missing),
                Msg(
                    f"{{count}} rækker mangler en værdi i den krævede kolonne {c}.",
                    f"{{count}} rows have no value in the required column {c}.",
                ),
                Msg(
                    "Udfyld værdien, eller marker kolonnen som valgfri (required: false).",
                    "Fill in the value, or mark the column optional (required: false).",
                ),
            )
        )

    if column.allowed is not None:
        allowed = _typed_allowed(column)
        checks.append(
            RowCheck(
                "forbidden-value",
                "error",
                c,
                (c,),
                # NULL IN (…) is NULL, so a missing value is not a forbidden one.
                _safe(~value.isin(_allowed_set(prep, column, allowed))),
                Msg(
                    f"{{count}} værdier i {c} er ikke blandt de tilladte: {_short(allowed)}.",
                    f"{{count}} values in {c} are not among the allowed: {_short(allowed)}.",
                ),
                Msg(
                    "Ret værdierne til en af de tilladte (stavning og store/små bogstaver tæller).",
                    "Change the values to one of the allowed ones (spelling and case count).",
                ),
            )
        )

    # `pattern` (a regular expression every present value matches in full) is optional in the
    # contract model; read it defensively so this works with and without it.
    form: str | None = getattr(column, "pattern", None)
    if form:
        text = (
            value
            if column.type in (ColumnType.string, ColumnType.municipality)
            else (value.cast(str))
        )
        checks.append(
            RowCheck(
                "pattern-mismatch",
                "error",
                c,
                (c,),
                _safe(value.notnull() & ~text.re_search(f"^(?:{form})$")),
                Msg(
                    f"{{count}} værdier i {c} har ikke den aftalte form ({form}).",
                    f"{{count}} values in {c} do not have the agreed form ({form}).",
                ),
                Msg(
                    "Skriv værdierne i den form, kontrakten beskriver (fx 2023/24).",
                    "Write the values in the form the contract describes (e.g. 2023/24).",
                ),
            )
        )

    if column.range is not None and column.type in NUMERIC:
        lo, hi = column.range.min, column.range.max
        # Whole bounds of an integer column stay integers: a decimal literal would make the
        # engine cast every value to compare it.
        whole = column.type is ColumnType.integer

        def literal(x: float) -> float | int:
            return int(x) if whole and float(x).is_integer() else x

        outside: ir.BooleanValue = ibis.literal(False)
        if lo is not None:
            outside = outside | (value < literal(lo))
        if hi is not None:
            outside = outside | (value > literal(hi))
        span = f"{'' if lo is None else _num(lo)}–{'' if hi is None else _num(hi)}"
        checks.append(
            RowCheck(
                "out-of-range",
                "error",
                c,
                (c,),
                _safe(outside),  # a comparison with NULL is NULL: missing is not outside
                Msg(
                    f"{{count}} værdier i {c} ligger uden for intervallet {span}.",
                    f"{{count}} values in {c} are outside the range {span}.",
                ),
                Msg(
                    "Tjek enheden og værdierne (fx kr. mod 1.000 kr.).",
                    "Check the unit and the values (e.g. DKK against DKK 1,000).",
                ),
            )
        )
    return checks


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


_OPS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


def _compare_check(prep: Prepared, rule: CompareRule) -> RowCheck:
    t = prep.table
    left, right = t[rule.left], t[rule.right]
    holds = _OPS[rule.op](left, right)
    return RowCheck(
        rule.id,
        rule.severity,
        rule.left,
        (rule.left, rule.right),
        _safe(left.notnull() & right.notnull() & ~holds),
        Msg(
            f"{rule.message.da} ({{count}} rækker: {rule.left} {rule.op} {rule.right} holder ikke)",
            f"{rule.message.en} ({{count}} rows: {rule.left} {rule.op} {rule.right} fails)",
        ),
        Msg(
            "Ret rækkerne i kildesystemet og lever igen.",
            "Fix the rows at the source and deliver again.",
        ),
    )


def municipality_column(contract: Contract) -> Column | None:
    """The column that places a row in a municipality (the partition's, if there are several)."""
    munis = [c for c in contract.columns if c.type is ColumnType.municipality]
    for c in munis:
        if c.name in contract.partition.columns:
            return c
    return munis[0] if munis else None


def row_checks(prep: Prepared) -> list[RowCheck]:
    """Every row-level check of the contract, in the order findings are reported."""
    checks: list[RowCheck] = []
    for column in prep.contract.columns:
        checks.extend(_column_checks(prep, column))
    for rule in prep.contract.rules:
        if isinstance(rule, CompareRule):
            checks.append(_compare_check(prep, rule))
    muni = municipality_column(prep.contract)
    if prep.expected_municipality and muni is not None:
        value = prep.table[muni.name]
        code = prep.expected_municipality
        expected = prep.expected_value if prep.expected_value is not None else ibis.literal(code)
        checks.append(
            RowCheck(
                "wrong-municipality",
                "error",
                muni.name,
                (muni.name,),
                _safe(value.notnull() & (value != expected)),
                Msg(
                    f"{{count}} rækker tilhører en anden kommune end leverancens ({code}).",
                    f"{{count}} rows belong to another municipality than the delivery's ({code}).",
                ),
                Msg(
                    "Lever hver kommunes data i sin egen fil, eller ret --municipality.",
                    "Deliver each municipality's data in its own file, or fix --municipality.",
                ),
            )
        )
    return checks
