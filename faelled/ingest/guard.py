"""The CPR leak guard: a CPR-like number in a column not declared as an identifier stops the
load. Findings name the column, the first row and the count — never the value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ibis
import ibis.expr.types as ir

from faelled.catalog.contracts import ColumnType
from faelled.errors import InputError
from faelled.ingest.files import FileInfo, where
from faelled.ingest.normalise import Stage
from faelled.ingest.pseudonym import CPR_IN_TEXT
from faelled.validate.compiled import fetch_rows
from faelled.validate.types import (
    FILE,
    ROW,
    raw_name,
    source_row,
)


@dataclass(frozen=True)
class Leak:
    column: str
    row: int
    count: int
    file: str | None = None


def leaks(st: Stage) -> list[Leak]:
    """CPR-like numbers where no identifier is declared: per column (and per file in a
    batch), with the first row and the count — never the value."""
    t = st.backend.table(st.name)
    per_file = FILE in t.columns
    hits: dict[str, ir.BooleanValue] = {}
    scanned: list[str] = []
    for column in st.contract.columns:
        if column.pseudonymise:
            continue
        names = [raw_name(column.name)] if raw_name(column.name) in t.columns else []
        if column.type in (ColumnType.string, ColumnType.municipality):
            names.append(column.name)
        for name in names:
            v = t[name]
            # The regular expression is the dearest part of the scan: only values that could
            # hold a CPR number meet it — ten characters or more, not an allowed value. A CASE,
            # because the engine evaluates both sides of an AND in a projection.
            could = v.length() >= 10
            if column.allowed and name == column.name:
                could = could & ~v.isin([str(a) for a in column.allowed])
            hit = ibis.cases((could, v.re_search(CPR_IN_TEXT)), else_=False)
            hits[f"_h{len(scanned)}"] = hit.fill_null(False)
            scanned.append(column.name)
    if not hits:
        return []
    # Each test once per row, in a projection the aggregate reads (its count and first row).
    flags = t.select(t[ROW], *([t[FILE]] if per_file else []), **hits)
    metrics: dict[str, ir.Value] = {}
    for i in range(len(scanned)):
        metrics[f"n{i}"] = flags[f"_h{i}"].sum()
        metrics[f"r{i}"] = flags[ROW].min(where=flags[f"_h{i}"])
    expr = (
        flags.group_by(flags[FILE]).aggregate(**metrics) if per_file else flags.aggregate(**metrics)
    )
    out = []
    for got in fetch_rows(expr):
        for i, name in enumerate(scanned):
            n = int(got[f"n{i}"] or 0)
            if n:
                out.append(Leak(name, source_row(int(got[f"r{i}"])), n, got.get(FILE)))
    return out


def leak_error(path: Path | str, leak: Leak) -> InputError:
    return InputError(
        f"{where(path, leak.row, leak.column)}: værdien ligner et CPR-nummer, men kolonnen er "
        f"ikke en CPR-kolonne ({leak.count} rækker i alt; værdien vises ikke) / the value looks "
        f"like a CPR number in a column not declared as an identifier ({leak.count} rows in "
        "all; the value is not shown). Intet er indlæst / nothing loaded.",
        hint="Fjern CPR-numre fra kolonnen (fx fritekst) og indlæs igen. Er kolonnen et "
        "CPR-nummer, så erklær den i kontrakten med personal_data: direct_identifier og "
        "pseudonymise: cpr.",
    )


def leak_guard(st: Stage, info: FileInfo) -> None:
    """A CPR-like number where no identifier is declared stops the load."""
    found = leaks(st)
    if found:
        raise leak_error(info.path, found[0])
