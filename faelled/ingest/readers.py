"""Readers: one delivery file → a relation the staging engine (DuckDB) can select from, with a
source row number `_src_row` and the file's columns as `c0 … cN`, plus a text sample for mapping
and format detection.

Large files stream: CSV, Parquet and JSON are read by DuckDB itself with explicit options (decided
from the sample in Python), so no file is ever held in Python memory; Excel, Windows-1252 text
with the characters Latin-1 lacks, and JSON-stat are fed to the engine in batches of rows."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import pyarrow as pa

from faelled.catalog.contracts import SourceOptions
from faelled.errors import InputError
from faelled.ingest.files import FileInfo, scan_for_mixed_encoding, where
from faelled.ingest.sniff import SAMPLE_ROWS, check_ragged, sniff_text

BATCH_ROWS = 50_000
Cell = str | None


@dataclass
class RawSource:
    """A file opened for staging. `rows` is the sample (first row first); `named` sources
    (Parquet, JSON) always have column names, the others let the mapping decide on a header."""

    info: FileInfo
    format: str
    rows: list[list[Cell]]
    named: bool
    # (duckdb connection, has header, temp table for streamed rows) → FROM-able SQL
    relation: Callable[[Any, bool, str], str]
    options: dict[str, Any] = field(default_factory=dict)
    native_types: list[str] | None = None  # the engine's column types, for typed sources
    # (duckdb connection, has header) → the file's rows (c0 … cN) without `_src_row`, in the
    # file's order, and the row number of the first; None when only `relation` can read it.
    # Numbering with `row_number() OVER ()` holds the whole read on one thread: a table
    # created from this relation keeps the file's order, so its rowid numbers the rows.
    ordered: Callable[[Any, bool], tuple[str, int] | None] | None = None

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _columns_sql(width: int) -> str:
    return "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"


def _load_rows(con: Any, name: str, width: int, rows: Iterator[tuple[int, list[Cell]]]) -> None:
    """Stream (row number, cells) into a temporary table `name` (_src_row, c0 … cN)."""
    schema = pa.schema([("_src_row", pa.int64())] + [(f"c{i}", pa.string()) for i in range(width)])
    con.execute(
        f'CREATE OR REPLACE TEMP TABLE "{name}" (_src_row BIGINT, '
        + ", ".join(f"c{i} VARCHAR" for i in range(width))
        + ")"
    )
    while batch := list(itertools.islice(rows, BATCH_ROWS)):
        cols: list[list[Any]] = [[n for n, _ in batch]]
        for i in range(width):
            cols.append([cells[i] if i < len(cells) else None for _, cells in batch])
        arrow = pa.Table.from_arrays([pa.array(c) for c in cols], schema=schema)
        con.register("_faelled_batch", arrow)
        con.execute(f'INSERT INTO "{name}" SELECT * FROM _faelled_batch')
        con.unregister("_faelled_batch")


# --- CSV -------------------------------------------------------------------------------------


def read_csv(info: FileInfo, options: SourceOptions) -> RawSource:
    sample = sniff_text(info, options)
    if not sample.rows:
        raise InputError(
            f"{where(info.path)}: filen har ingen rækker / the file has no rows.",
            hint="Dan udtrækket igen.",
        )
    check_ragged(info.name, sample.rows)
    enc = sample.encoding
    has_c1, mixed_line = (False, None)
    if enc in ("cp1252", "latin-1") and not sample.complete:
        has_c1, mixed_line = scan_for_mixed_encoding(info.path)
    elif enc in ("cp1252", "latin-1"):
        has_c1 = any(0x80 <= b <= 0x9F for b in info.head)
    if mixed_line is not None:
        raise InputError(
            f"{where(info.path, mixed_line)}: filen blander tegnsæt — den er Windows-1252, men "
            f"linje {mixed_line} er UTF-8 / the file mixes encodings (Windows-1252, but line "
            f"{mixed_line} is UTF-8).",
            hint="Gem hele filen i ét tegnsæt (UTF-8) og indlæs den igen.",
        )
    width = len(sample.rows[0])
    rows: list[list[Cell]] = [list(r) for r in sample.rows]
    detected = {"encoding": enc, "delimiter": sample.delimiter}

    def relation(con: Any, header: bool, table: str = "_faelled_src") -> str:
        plain = ordered(con, header)
        if plain is None:
            # DuckDB reads UTF-8, UTF-16 and Latin-1; Windows-1252's extra characters
            # (€ ’ “ – …) are decoded here, streaming, instead of copying the file.
            _load_rows(con, table, width, _python_rows(info, sample.delimiter, header))
            return f'"{table}"'
        sql, first = plain
        return f"(SELECT row_number() OVER () + {first - 1} AS _src_row, * FROM {sql})"

    def ordered(con: Any, header: bool) -> tuple[str, int] | None:
        if enc == "cp1252" and has_c1:
            return None
        encoding = {"utf-8-sig": "utf-8", "cp1252": "latin-1"}.get(enc, enc)
        opts = ", ".join(
            [
                f"header={str(header).lower()}",
                f"delim={sql_string(sample.delimiter)}",
                "quote='\"'",
                "escape='\"'",
                f"encoding={sql_string(encoding)}",
                "all_varchar=true",
                "auto_detect=false",
                "strict_mode=true",
                "null_padding=false",
                f"columns={_columns_sql(width)}",
            ]
        )
        return f"read_csv({sql_string(str(info.path))}, {opts})", 2 if header else 1

    return RawSource(info, "csv", rows, False, relation, detected, ordered=ordered)


def _python_rows(info: FileInfo, delimiter: str, header: bool) -> Iterator[tuple[int, list[Cell]]]:
    with info.path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="cp1252", errors="strict", newline="")
        reader = csv.reader(text, delimiter=delimiter, quotechar='"')
        width = None
        for n, row in enumerate(reader, start=1):
            if width is None:
                width = len(row)
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                raise InputError(
                    f"{where(info.path, n)}: rækken har {len(row)} felter, men første række har "
                    f"{width} / the row has {len(row)} fields, the first row {width}.",
                    hint="Tjek skilletegn og anførselstegn i rækken.",
                )
            if header and n == 1:
                continue
            yield n, [cell if cell != "" else None for cell in row]


# --- Excel -----------------------------------------------------------------------------------


def _cell(v: Any) -> Cell:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time(0) else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    text = str(v)
    return text if text.strip() else None


def read_excel(info: FileInfo, options: SourceOptions) -> RawSource:
    import openpyxl

    def open_sheet() -> tuple[Any, Any]:
        try:
            wb = openpyxl.load_workbook(info.path, read_only=True, data_only=True)
        except Exception:  # zipfile, XML and KeyError: all mean "damaged or not .xlsx"
            raise InputError(
                f"{where(info.path)}: Excel-filen er ødelagt eller afkortet og kan ikke åbnes / "
                "the Excel file is damaged or truncated and cannot be opened.",
                hint="Åbn filen i Excel, gem den igen som .xlsx, og kopier den helt.",
            ) from None
        if options.sheet:
            if options.sheet not in wb.sheetnames:
                raise InputError(
                    f"{where(info.path)}: arket {options.sheet!r} findes ikke / no such sheet.",
                    hint="Arkene i filen: " + ", ".join(wb.sheetnames),
                )
            return wb, wb[options.sheet]
        return wb, wb.worksheets[0]

    def cells(ws: Any) -> Iterator[tuple[int, list[Cell]]]:
        try:
            for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
                row = [_cell(v) for v in values]
                while row and row[-1] is None:
                    row.pop()
                if row:
                    yield n, row
        except InputError:
            raise
        except Exception:
            raise InputError(
                f"{where(info.path)}: Excel-filen er ødelagt midt i arket / the Excel file is "
                "damaged part-way through the sheet.",
                hint="Åbn filen i Excel, gem den igen som .xlsx, og kopier den helt.",
            ) from None

    wb, ws = open_sheet()
    try:
        sample = list(itertools.islice(cells(ws), SAMPLE_ROWS))
    finally:
        wb.close()
    if not sample:
        raise InputError(
            f"{where(info.path)}: arket er tomt / the sheet is empty.", hint="Dan udtrækket igen."
        )
    width = len(sample[0][1])
    rows = [r + [None] * (width - len(r)) for _, r in sample]

    def relation(con: Any, header: bool, table: str = "_faelled_src") -> str:
        wb, ws = open_sheet()
        try:

            def checked() -> Iterator[tuple[int, list[Cell]]]:
                for i, (n, row) in enumerate(cells(ws)):
                    if i == 0 and header:
                        continue
                    if len(row) > width:
                        raise InputError(
                            f"{where(info.path, n)}: rækken har værdier til højre for de "
                            f"{width} kolonner / the row has values beyond the {width} columns.",
                            hint="Fjern værdierne, eller giv kolonnen en overskrift.",
                        )
                    yield n, row

            _load_rows(con, table, width, checked())
        finally:
            wb.close()
        return f'"{table}"'

    return RawSource(info, "excel", rows, False, relation, {"sheet": ws.title})


# --- Parquet ---------------------------------------------------------------------------------


def _describe(con: Any, source_sql: str, info: FileInfo, what: str) -> list[tuple[str, str]]:
    try:
        return [
            (r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {source_sql}").fetchall()
        ]
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            f"{where(info.path)}: filen kan ikke læses som {what} / cannot be read as {what} "
            f"({first}).",
            hint="Dan udtrækket igen fra kildesystemet og kopier det helt.",
        ) from None


def _sample_named(con: Any, source_sql: str, names: list[str]) -> list[list[Cell]]:
    select = ", ".join(f'CAST("{n}" AS VARCHAR)' for n in (q.replace('"', '""') for q in names))
    got = con.execute(f"SELECT {select} FROM {source_sql} LIMIT {SAMPLE_ROWS}").fetchall()
    header: list[Cell] = list(names)
    return [header] + [[None if v is None else str(v) for v in r] for r in got]


def read_parquet(info: FileInfo, options: SourceOptions, con: Any) -> RawSource:
    src = f"read_parquet({sql_string(str(info.path))}, file_row_number=true)"
    described = [(n, t) for n, t in _describe(con, src, info, "Parquet") if n != "file_row_number"]
    names = [n for n, _ in described]
    rows = _sample_named(con, src, names)

    def relation(con: Any, header: bool, table: str = "_faelled_src") -> str:
        cols = ", ".join(
            f'"{n.replace(chr(34), chr(34) * 2)}" AS c{i}' for i, n in enumerate(names)
        )
        return f"(SELECT file_row_number + 2 AS _src_row, {cols} FROM {src})"

    return RawSource(info, "parquet", rows, True, relation, {}, [t for _, t in described])


# --- JSON and JSON-stat ----------------------------------------------------------------------


def _is_jsonstat(head: bytes) -> bool:
    text = head[:65536].decode("utf-8", errors="ignore")
    return '"dimension"' in text and '"value"' in text


def read_json(info: FileInfo, options: SourceOptions, con: Any) -> RawSource:
    if _is_jsonstat(info.head):
        return read_jsonstat(info)
    src = f"read_json({sql_string(str(info.path))}, format='auto')"
    names = [n for n, _ in _describe(con, src, info, "JSON")]
    columns = "{" + ", ".join(f"{sql_string(n)}: 'VARCHAR'" for n in names) + "}"
    typed_src = f"read_json({sql_string(str(info.path))}, format='auto', columns={columns})"
    rows = _sample_named(con, typed_src, names)

    def relation(con: Any, header: bool, table: str = "_faelled_src") -> str:
        cols = ", ".join(
            f'"{n.replace(chr(34), chr(34) * 2)}" AS c{i}' for i, n in enumerate(names)
        )
        return f"(SELECT row_number() OVER () + 1 AS _src_row, {cols} FROM {typed_src})"

    return RawSource(info, "json", rows, True, relation, {})


def jsonstat_rows(data: Any) -> tuple[list[Cell], Iterable[list[Cell]]]:
    """A JSON-stat dataset (Statistics Denmark's API, 1.x with a "dataset" wrapper or 2.0) as a
    long table: per dimension its category code and label, then the value."""
    ds = data.get("dataset", data) if isinstance(data, dict) else None
    if not isinstance(ds, dict) or "dimension" not in ds or "value" not in ds:
        raise ValueError("not a JSON-stat dataset")
    dims = ds["dimension"]
    ids: list[str] = ds.get("id") or dims["id"]
    sizes: list[int] = ds.get("size") or dims["size"]
    categories: list[list[tuple[str, str]]] = []
    for dim_id, size in zip(ids, sizes, strict=True):
        cat = dims[dim_id]["category"]
        index = cat.get("index")
        if isinstance(index, dict):
            codes = sorted(index, key=lambda k: index[k])
        elif isinstance(index, list):
            codes = list(index)
        else:
            codes = list(cat["label"])
        labels = cat.get("label", {})
        if len(codes) != size:
            raise ValueError(f"dimension {dim_id} has {len(codes)} categories, size says {size}")
        categories.append([(c, str(labels.get(c, c))) for c in codes])
    values = ds["value"]
    names: list[Cell] = [*(n for d in ids for n in (d, f"{d}_label")), "value"]

    def rows() -> Iterator[list[Cell]]:
        for i, combo in enumerate(itertools.product(*categories)):
            v = values.get(str(i)) if isinstance(values, dict) else values[i]
            cells: list[Cell] = [x for pair in combo for x in pair]
            yield [*cells, None if v is None else str(v)]

    return names, rows()


def read_jsonstat(info: FileInfo) -> RawSource:
    try:
        # JSON-stat answers are small (an API caps them); the whole document is needed anyway.
        data = json.loads(codecs.decode(info.path.read_bytes(), "utf-8-sig"))
        names, body = jsonstat_rows(data)
        rows_: list[list[Cell]] = [names, *body]
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise InputError(
            f"{where(info.path)}: ugyldig JSON-stat / invalid JSON-stat ({exc}).",
            hint="Hent tabellen igen fra Statistikbanken i formatet JSONSTAT.",
        ) from None
    width = len(names)

    def relation(con: Any, header: bool, table: str = "_faelled_src") -> str:
        _load_rows(con, table, width, ((n, r) for n, r in enumerate(rows_[1:], 2)))
        return f'"{table}"'

    return RawSource(info, "json-stat", rows_[: SAMPLE_ROWS + 1], True, relation, {})


def open_source(info: FileInfo, options: SourceOptions, con: Any) -> RawSource:
    if info.kind == "excel":
        return read_excel(info, options)
    if info.kind == "parquet":
        return read_parquet(info, options, con)
    if info.kind == "json":
        return read_json(info, options, con)
    return read_csv(info, options)
