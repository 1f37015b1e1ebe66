"""Import answers from SurveyXact and LimeSurvey CSV exports into a round.

For municipalities that already run their surveys in one of those tools. The survey is built there
with Fælled's ids as question codes (docs/survey.md has the full mapping):

    an item's answer      SurveyXact: <instrument>_<item>    LimeSurvey: <instrument>[<item>]
                          knoster_vision1                    knoster[vision1]
    mindset               mindset_culture2_today             mindset[culture2today]
    maturity evidence     maturity_qualitylead_note          maturity[qualityleadnote]
    the respondent's unit a column "enhed" or "unit" (unit id or name), or --unit for the file

Column names are compared in lower case with everything but letters and digits removed, so
`knoster_vision1`, `KNOSTER[vision1]` and LimeSurvey's "code & text" heading `knoster[vision1].
Jeg ved …` all mean the same. Values are the scale's numbers (LimeSurvey's default answer codes
A1…A5 are read as 1…5); "don't know" is the number after the scale's last (SurveyXact numbers a
"Ved ikke" category placed last that way), a code given with --dont-know, or the words "ved ikke" /
"don't know"; an empty cell is a question not answered.

Only completed responses are taken (SurveyXact: statoverall_4 = 1; LimeSurvey: a submitdate). The
tools' respondent ids, names, e-mails, IP addresses and times are never read. A file with any error
is refused as a whole, with every problem named by file, row and column: nothing is stored.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from faelled.engine.database import Database
from faelled.errors import InputError, NotFound
from faelled.survey.instruments import Catalog, Instrument, Slot
from faelled.survey.model import Answers, Initiative, Notes, Response, Round, Unit
from faelled.survey.respond import MAX_NOTE
from faelled.survey.store import find_import, record_import, save_responses

Format = Literal["surveyxact", "limesurvey"]
FORMATS: tuple[Format, ...] = ("surveyxact", "limesurvey")
UNIT_COLUMNS = ("enhed", "unit")
DONT_KNOW_WORDS = {"dk", "vedikke", "dontknow", "donotknow"}
MAX_ERRORS = 10  # named in the message; the rest are counted


def norm(name: str) -> str:
    """A column name as compared: the code before any heading text, letters and digits only."""
    code = name.strip().split(" ", 1)[0]
    return re.sub(r"[^a-z0-9]", "", code.casefold())


@dataclass(frozen=True, slots=True)
class _Target:
    instrument: Instrument
    slot: Slot
    is_note: bool


@dataclass
class ImportReport:
    file: str
    format: Format
    rows: int = 0  # data rows in the file
    imported: int = 0
    incomplete: int = 0  # skipped: not completed in the tool
    empty: int = 0  # skipped: completed but without a single answer
    columns: list[str] = field(default_factory=list)  # the file's columns that were read


def _targets(instruments: list[Instrument]) -> dict[str, _Target]:
    out: dict[str, _Target] = {}
    for ins in instruments:
        for slot in ins.slots():
            keys = [(slot.key, False)] + ([(f"{slot.key}.note", True)] if slot.note else [])
            for key, is_note in keys:
                name = norm(ins.id + key.replace(".", ""))
                if name in out:
                    raise InputError(
                        f"To spørgsmål får samme kolonnenavn / two questions share the column "
                        f"name {name!r}; giv instrumenterne id'er, der ikke overlapper."
                    )
                out[name] = _Target(ins, slot, is_note)
    return out


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # SurveyXact may export Windows-1252


def _dialect(text: str, fmt: Format) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return ";" if fmt == "surveyxact" else ","
    return best


class _Problems:
    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[str] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append(f"{self.name}: række/row {row}, kolonne/column {column!r}: {message}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_ERRORS]
        more = len(self.items) - len(shown)
        raise InputError(
            "Filen kan ikke importeres / the file cannot be imported:\n  "
            + "\n  ".join(shown)
            + (f"\n  … og {more} fejl mere / and {more} more" if more else ""),
            hint="Intet er gemt. Ret filen og importér igen. / Nothing was stored. Fix the file "
            "and import again (docs/survey.md, 'Import').",
        )


def _value(
    raw: str, slot: Slot, fmt: Format, dont_know: str | None
) -> tuple[bool, int | None, str | None]:
    """(answered, value, problem): value None with answered True is "don't know"."""
    text = raw.strip()
    if text == "":
        return False, None, None
    if slot.dont_know and (
        re.sub(r"[^a-z]", "", text.casefold()) in DONT_KNOW_WORDS
        or (dont_know is not None and text == dont_know)
    ):
        return True, None, None
    code = re.fullmatch(r"A?(\d+)(?:[.,]0+)?" if fmt == "limesurvey" else r"(\d+)(?:[.,]0+)?", text)
    if code:
        number = int(code.group(1))
        if 1 <= number <= slot.max:
            return True, number, None
        if slot.dont_know and dont_know is None and number == slot.max + 1:
            return True, None, None
    allowed = f"1–{slot.max}" + (" eller / or 'ved ikke'" if slot.dont_know else "")
    return (
        False,
        None,
        f"{text!r} er ikke et svar på skalaen / is not an answer on the scale ({allowed})",
    )


def read_export(
    data: bytes,
    name: str,
    fmt: Format,
    ini: Initiative,
    instruments: list[Instrument],
    *,
    unit: Unit | None = None,
    dont_know: str | None = None,
) -> tuple[list[Response], ImportReport]:
    """Read and check a whole export; raise InputError naming every problem, or return it all."""
    if fmt not in FORMATS:
        raise InputError(
            f"Ukendt format / unknown format: {fmt!r}", hint="Brug / use: surveyxact, limesurvey"
        )
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text, fmt))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise InputError(f"{name}: filen er tom / the file is empty.")
    targets = _targets(instruments)
    problems = _Problems(name)
    report = ImportReport(name, fmt)
    columns: dict[int, _Target] = {}
    unit_col: int | None = None
    status_col: int | None = None
    prefixes = [norm(i.id) for i in instruments]
    for n, name in enumerate(header):
        key = norm(name)
        if key in targets:
            columns[n] = targets[key]
        elif key in UNIT_COLUMNS:
            unit_col = n
        elif (fmt, key) in (("surveyxact", "statoverall4"), ("limesurvey", "submitdate")):
            status_col = n
        elif any(key.startswith(p) for p in prefixes) and not key.endswith("time"):
            # Looks like one of ours but matches no question: a typo would silently drop answers.
            problems.add(1, name, "ukendt spørgsmål / no such question in this round's instruments")
    if not columns:
        example = next(iter(targets), "knostervision1")
        raise InputError(
            f"{name}: ingen kolonner passer til rundens spørgsmål / no column matches the "
            f"round's questions (fx/e.g. {example!r}).",
            hint="Se kolonnenavnene i docs/survey.md, 'Import'.",
        )
    if unit_col is None and unit is None:
        raise InputError(
            f"{name}: filen har ingen kolonne 'enhed' eller 'unit' / the file has no unit column.",
            hint="Tilføj kolonnen, eller angiv --unit for hele filen.",
        )
    report.columns = [header[n] for n in sorted(columns)] + (
        [header[unit_col]] if unit_col is not None else []
    )
    responses: list[Response] = []
    for row_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        if len(row) != len(header):
            problems.add(
                row_no,
                "",
                f"{len(row)} felter, men overskriften har {len(header)} / "
                f"{len(row)} fields but the header has {len(header)}",
            )
            continue
        if status_col is not None and (
            row[status_col].strip() != "1" if fmt == "surveyxact" else not row[status_col].strip()
        ):
            report.incomplete += 1
            continue
        who = unit
        if unit_col is not None and row[unit_col].strip():
            try:
                who = ini.unit(row[unit_col])
            except NotFound:
                problems.add(
                    row_no, header[unit_col], f"ukendt enhed / unknown unit {row[unit_col]!r}"
                )
                continue
        if who is None:
            problems.add(row_no, header[unit_col or 0], "enheden mangler / the unit is missing")
            continue
        answers: Answers = {}
        notes: Notes = {}
        for n, target in columns.items():
            cell = row[n]
            if target.is_note:
                if cell.strip():
                    if len(cell) > MAX_NOTE:
                        problems.add(
                            row_no, header[n], f"noten er over {MAX_NOTE} tegn / note too long"
                        )
                    notes.setdefault(target.instrument.id, {})[target.slot.key] = cell.strip()
                continue
            answered, value, problem = _value(cell, target.slot, fmt, dont_know)
            if problem:
                problems.add(row_no, header[n], problem)
            elif answered:
                answers.setdefault(target.instrument.id, {})[target.slot.key] = value
        if not answers:
            report.empty += 1
            continue
        responses.append(Response("", who.id, answers, notes))
    problems.raise_if_any()
    if not responses:
        raise InputError(
            f"{name}: ingen gennemførte besvarelser / no completed responses "
            f"({report.incomplete} ufuldstændige, {report.empty} tomme).",
        )
    report.imported = len(responses)
    return responses, report


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: kan ikke læses / cannot be read ({exc.strerror}).") from None


def import_export(
    db: Database,
    catalog: Catalog,
    data: bytes,
    name: str,
    fmt: Format,
    ini: Initiative,
    rnd: Round,
    *,
    today: date,
    unit: Unit | None = None,
    dont_know: str | None = None,
) -> ImportReport:
    """Check the whole file, then store its responses in the round — or store nothing."""
    instruments = [catalog.get(i, v) for i, v in rnd.instruments]
    responses, report = read_export(
        data, name, fmt, ini, instruments, unit=unit, dont_know=dont_know
    )
    checksum = hashlib.sha256(data).hexdigest()
    earlier = find_import(db, rnd, checksum)
    if earlier is not None:
        raise InputError(
            f"{name} er allerede importeret i runde {rnd.number} den {earlier.isoformat()} / "
            "this file was already imported into the round.",
            hint="Samme fil to gange ville tælle de samme svar to gange.",
        )
    save_responses(db, rnd, responses, source=fmt, today=today)
    record_import(db, rnd, checksum, fmt, len(responses), today)
    return report
