"""Detect how a text file is written, from a sample: encoding, delimiter, the first rows; and how
its values are written: decimal comma or point, thousands separators, date formats.

Detection looks at a sample only (the first 256 KB), so it costs the same for every file size;
what it decides is passed to the engine's reader as explicit options, and anything the sample
missed surfaces as a finding or a clear error with its line number."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from faelled.catalog.contracts import SourceOptions
from faelled.errors import InputError
from faelled.ingest.files import FileInfo, where

DELIMITERS = (";", ",", "\t", "|")
SAMPLE_ROWS = 500


@dataclass(frozen=True)
class TextSample:
    encoding: str  # utf-8, utf-8-sig, cp1252, latin-1, utf-16
    delimiter: str
    rows: list[list[str]]  # the first records, fields as written (the header row included)
    complete: bool  # the sample is the whole file


def _decode_head(info: FileInfo, forced: str | None) -> tuple[str, str]:
    head = info.head
    complete = info.size <= len(head)
    if forced:
        enc = forced
    elif head.startswith(b"\xef\xbb\xbf"):
        enc = "utf-8-sig"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
    else:
        enc = "utf-8"
    data = head
    if not complete and enc.startswith("utf-8"):
        data = head[: head.rfind(b"\n") + 1] or head  # never cut a character in two
    try:
        return enc, data.decode(enc)
    except UnicodeDecodeError as exc:
        if forced or enc != "utf-8":
            raise InputError(
                f"{where(info.path, _line_of(data, exc.start))}: filen er ikke {enc} / "
                f"the file is not {enc}.",
                hint="Ret 'encoding' i kontraktens source-afsnit, eller gem filen som UTF-8.",
            ) from None
        utf8_at = re.search(rb"[\xc2-\xf4][\x80-\xbf]", data)
        if utf8_at is not None and utf8_at.start() < len(data):
            bad_line = _line_of(data, exc.start)
            good_line = _line_of(data, utf8_at.start())
            raise InputError(
                f"{where(info.path, bad_line)}: filen blander tegnsæt — linje {good_line} er "
                f"UTF-8, linje {bad_line} er Windows-1252 / the file mixes encodings (line "
                f"{good_line} is UTF-8, line {bad_line} is Windows-1252).",
                hint="Gem hele filen i ét tegnsæt (UTF-8) og indlæs den igen.",
            ) from None
        # Not UTF-8: Windows-1252 is what Danish Excel and case systems write. Latin-1 only for
        # the five bytes Windows-1252 leaves undefined.
        try:
            return "cp1252", data.decode("cp1252")
        except UnicodeDecodeError:
            return "latin-1", data.decode("latin-1")  # decodes any bytes


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _parse(text: str, delimiter: str, limit: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', strict=False)
    rows: list[list[str]] = []
    for row in reader:
        if row and any(cell.strip() for cell in row):
            rows.append(row)
        if len(rows) >= limit:
            break
    return rows


def _choose_delimiter(text: str) -> str:
    best, best_score = DELIMITERS[0], -1.0
    for d in DELIMITERS:
        rows = _parse(text, d, 100)
        if not rows:
            continue
        widths = Counter(len(r) for r in rows)
        width, n = widths.most_common(1)[0]
        if width < 2:
            continue
        # Consistency first (share of rows with the usual width), then more columns.
        score = n / len(rows) + width / 1000
        if score > best_score:
            best, best_score = d, score
    return best


def sniff_text(info: FileInfo, options: SourceOptions) -> TextSample:
    enc, text = _decode_head(info, options.encoding)
    complete = info.size <= len(info.head)
    if not complete:
        text = text[: text.rfind("\n") + 1] or text  # drop a record cut by the sample's end
    text = text.lstrip("\ufeff")
    delimiter = options.delimiter or _choose_delimiter(text)
    rows = _parse(text, delimiter, SAMPLE_ROWS)
    return TextSample(enc, delimiter, rows, complete)


def check_ragged(path: str, rows: Sequence[Sequence[str]], first_row: int = 1) -> None:
    """Every record must have as many fields as the first one (the header)."""
    if not rows:
        return
    width = len(rows[0])
    for i, row in enumerate(rows[1:], start=first_row + 1):
        if len(row) != width:
            raise InputError(
                f"{where(path, i)}: rækken har {len(row)} felter, men første række har {width} / "
                f"the row has {len(row)} fields but the first row has {width}.",
                hint="Tjek skilletegn og anførselstegn i rækken (et ';' eller ',' inde i en "
                'tekst skal stå i "…").',
            )


# --- how values are written -----------------------------------------------------------------


@dataclass(frozen=True)
class NumberFormat:
    decimal: str  # "," or "."
    thousands: str  # "." , "," , " " or "" (none)

    def describe(self) -> str:
        t = {"": "ingen", ".": "'.'", ",": "','", " ": "' '"}[self.thousands]
        return f"decimal '{self.decimal}', tusinder {t}"


_GROUPED_DOT = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d*,\d+$|^[-+]?\d{1,3}(\.\d{3})+,\d+$")
_DECIMAL_POINT = re.compile(r"^[-+]?\d*\.\d+$")
_GROUPED_COMMA = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


def detect_number_format(
    values: Iterable[str], *, delimiter: str | None, integers: Iterable[str] = ()
) -> NumberFormat:
    """Decide, for the whole file, how numbers are written. `values` are sample cells of the
    numeric columns (trimmed, markers removed); `integers` those of whole-number columns, where
    "632.340" can only mean thousands. A ';'-separated file is Danish unless it shows otherwise."""
    vals = [v for v in values if v]
    ints = {v for v in integers if v}
    danish = delimiter != ","
    if any(_GROUPED_COMMA.match(v) and "." in v for v in vals):  # 12,345.5
        return NumberFormat(".", ",")
    commas = [v for v in vals if "," in v]
    if not danish and commas and all(_GROUPED_COMMA.match(v) for v in commas):
        return NumberFormat(".", ",")  # "1,234" in a comma-separated (quoted) file
    if any(_DECIMAL_COMMA.match(v) for v in vals):
        return NumberFormat(",", "." if any(_GROUPED_DOT.match(v) for v in vals) else "")
    dotted = [v for v in vals if "." in v]
    if dotted and not all(_GROUPED_DOT.match(v) for v in dotted):
        # "632.34": a point with other than three digits after it is a decimal point.
        return NumberFormat(".", "," if any(_GROUPED_COMMA.match(v) for v in vals) else "")
    if dotted and (danish or any(v in ints for v in dotted)):
        return NumberFormat(",", ".")
    if any(_GROUPED_COMMA.match(v) for v in vals) and not danish:
        return NumberFormat(".", ",")
    return NumberFormat("," if danish else ".", "")


DATE_FORMATS = {  # our names → strptime formats
    "dd-mm-yyyy": "%d-%m-%Y",
    "dd.mm.yyyy": "%d.%m.%Y",
    "yyyy-mm-dd": "%Y-%m-%d",
    "dd/mm/yyyy": "%d/%m/%Y",
}
_DATE_RES = {
    "dd-mm-yyyy": re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$"),
    "dd.mm.yyyy": re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$"),
    "yyyy-mm-dd": re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"),
    "dd/mm/yyyy": re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"),
}


def detect_date_format(values: Iterable[str]) -> str:
    """The format most sample values of a date column are written in (ties: the Danish one)."""
    counts: Counter[str] = Counter()
    for v in values:
        for name, rx in _DATE_RES.items():
            if rx.match(v):
                counts[name] += 1
                break
    if not counts:
        return "dd-mm-yyyy"
    order = list(DATE_FORMATS)
    return max(counts, key=lambda k: (counts[k], -order.index(k)))
