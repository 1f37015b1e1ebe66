"""Reading a delivery into the staging engine: which engine stages it, the formats of its values,
the municipality its name promises, and the engine's reading errors as one clear message."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import ibis

from faelled.catalog.contracts import ColumnType, Contract
from faelled.engine.database import Database
from faelled.errors import FaelledError, InputError
from faelled.ingest.files import FileInfo, where
from faelled.ingest.mapping import ColumnMap
from faelled.ingest.normalise import Formats, Stage, stage
from faelled.ingest.pseudonym import Pseudonymiser
from faelled.ingest.readers import RawSource
from faelled.ingest.sniff import NumberFormat, detect_date_format, detect_number_format
from faelled.reference import resolve_place
from faelled.validate.types import (
    NUMERIC,
)


def expected_municipality(path: Path, given: str | None) -> str | None:
    """--municipality, or the code a generator-style file name starts with (101_2023.csv)."""
    if given:
        return resolve_place(given).code if not given.isdigit() else str(int(given))
    m = re.match(r"^(\d{3,4})(?:_|$)", path.stem)
    if m:
        try:
            place = resolve_place(m.group(1))
        except FaelledError:
            return None
        return place.code if place.kind == "municipality" else None
    return None


def _scrub(text: str) -> str:
    """An engine's message may quote the offending line; never relay a CPR-like number."""
    return re.sub(r"\d{6}-?\d{4}", "[skjult/hidden]", text)


def detect_formats(
    source: RawSource, mapping: ColumnMap, contract: Contract, delimiter: str | None
) -> Formats:
    data = source.rows[1:] if mapping.header else source.rows
    numeric: list[str] = []
    integers: list[str] = []
    dates: dict[str, str] = {}
    for column in contract.columns:
        pos = mapping.positions.get(column.name)
        if pos is None:
            continue
        values = [
            v.strip()
            for row in data
            if pos < len(row)
            and (v := row[pos]) is not None
            and v.strip()
            and v.strip() not in column.markers
        ]
        if column.type in NUMERIC:
            numeric += values
            if column.type is ColumnType.integer:
                integers += values
        elif column.type is ColumnType.date:
            dates[column.name] = contract.source.date_format or detect_date_format(values)
    opts = contract.source
    numbers = detect_number_format(
        numeric, delimiter=delimiter if source.format == "csv" else ",", integers=integers
    )
    if opts.decimal or opts.thousands is not None:
        numbers = NumberFormat(
            opts.decimal or numbers.decimal,
            numbers.thousands if opts.thousands is None else opts.thousands,
        )
    return Formats(numbers, dates)


def explain_engine_error(exc: Exception, info: FileInfo, source: RawSource) -> InputError:
    """The engine's reading error as one message for the analyst (never the offending line:
    it could hold a CPR number)."""
    text = str(exc)
    line = re.search(r"Line: (\d+)", text)
    row = int(line.group(1)) if line else None
    if "Invalid unicode" in text or "not latin-1" in text or "not utf" in text.lower():
        return InputError(
            f"{where(info.path, row)}: filen blander tegnsæt — rækken er ikke "
            f"{source.options.get('encoding', 'UTF-8')} som resten / the file mixes "
            "encodings (this row differs from the rest).",
            hint="Gem hele filen i ét tegnsæt (UTF-8) og indlæs den igen.",
        )
    cols = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if cols:
        return InputError(
            f"{where(info.path, row)}: rækken har {cols.group(2)} felter, men første række "
            f"har {cols.group(1)} / the row has {cols.group(2)} fields, the first row "
            f"{cols.group(1)}.",
            hint="Tjek skilletegn og anførselstegn i rækken (et skilletegn inde i en tekst "
            'skal stå i "…").',
        )
    if "quote" in text.lower():
        return InputError(
            f"{where(info.path, row)}: et anførselstegn lukkes ikke / an unterminated quote.",
            hint="Luk anførselstegnet, eller fjern det.",
        )
    first = _scrub(text.splitlines()[0]) if text else type(exc).__name__
    return InputError(
        f"{where(info.path, row)}: filen kan ikke læses / cannot read the file ({first}).",
        hint="Tjek at filen er et helt, gyldigt udtræk; dan det ellers igen.",
    )


def stage_or_explain(
    backend: Any,
    info: FileInfo,
    source: RawSource,
    mapping: ColumnMap,
    contract: Contract,
    formats: Formats,
    pseudonymiser: Pseudonymiser | None,
) -> Stage:
    import duckdb

    try:
        return stage(backend, source, mapping, contract, formats, pseudonymiser)
    except duckdb.Error as exc:
        raise explain_engine_error(exc, info, source) from None


def staging_backend(db: Database | None, dry_run: bool) -> tuple[Any, bool]:
    """The DuckDB that reads and validates: the database's own connection when it is DuckDB and
    we will write (the swap is then one INSERT … SELECT), otherwise a private in-memory one."""
    if db is not None and not dry_run and db.dialect == "duckdb":
        db.backend.con.execute("SET enable_progress_bar = false")  # our own progress, on stderr
        return db.backend, False
    backend = ibis.duckdb.connect()
    spill = Path(tempfile.gettempdir()) / f"faelled-stage-{os.getpid()}"
    backend.con.execute(f"SET temp_directory = '{spill}'")
    backend.con.execute("SET enable_progress_bar = false")  # our own progress, on stderr
    return backend, True
