"""A corpus of malformed deliveries. Each gives one clear message — the file, the row and column
where there is one, and what to do — never a traceback, and leaves the database exactly as it was
(table contents compared before and after)."""

from __future__ import annotations

import io
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from faelled.catalog.contracts import get_contract
from faelled.ingest import ingest
from faelled.settings import Settings

from .conftest import run_cli
from .ingest_helpers import CPRS, HEADER, ROOT, snapshot, spells, write_csv

H = ";".join(HEADER)
NOTES = "cpr;kommune;startdato;note"


def _lines(rows: list[list[str]]) -> str:
    return "".join(";".join(r) + "\n" for r in rows)


def _good(n: int = 6, municipality: str = "101") -> str:
    return H + "\n" + _lines(spells(municipality, 2023, n))


def _with(row: int, column: int, value: str, n: int = 6) -> str:
    """A valid delivery with one cell changed (`row` is the file's row: the header is row 1)."""
    rows = spells(n=n)
    rows[row - 2][column] = value
    return H + "\n" + _lines(rows)


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _parquet() -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.table({"cpr": CPRS[:3], "kommune": ["101"] * 3}), buf)
    return buf.getvalue()


def _big_utf8_then(line: bytes) -> bytes:
    body = _good(6000).encode("utf-8")  # ~300 KB: past the sniffer's sample
    return body + line


def _big_cp1252_then_utf8() -> bytes:
    rows = spells(n=6000)
    body = (H + "\n" + _lines(rows)).encode("cp1252")
    return body + f"{CPRS[0]};Ærø;2023;kontanthjælp;01-01-2023;\n".encode()


@dataclass(frozen=True)
class Case:
    name: str
    content: Callable[[], bytes]
    kind: str  # "failed": an InputError; "rejected": the policy refuses the findings
    says: tuple[str, ...] = ()  # fragments of the message (file, row, column, what)
    rule: str | None = None  # for rejected: the finding that explains it
    row: int | None = None
    column: str | None = None
    dataset: str = "benefit_spells"
    hidden: tuple[str, ...] = field(default=())  # must NOT appear in any output


def b(text: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: text.encode(encoding)


RAGGED_LATE = _good(700) + CPRS[0] + ";101;2023;fleksjob;01-01-2023;;extra\n"

CASES = [
    Case("empty.csv", b(""), "failed", ("empty.csv", "tom")),
    Case("blank_lines.csv", b("\n \r\n\t\n"), "failed", ("blank_lines.csv", "tom")),
    Case("bom_only.csv", lambda: b"\xef\xbb\xbf", "failed", ("tom",)),
    Case("header_only.csv", b(H + "\n"), "failed", ("kun en overskriftsrække",)),
    Case(
        "binary.csv", lambda: random.Random(1).randbytes(5000), "failed", ("binary.csv", "binære")
    ),
    Case("control_chars.txt", lambda: bytes(range(1, 9)) * 500, "failed", ("binære",)),
    Case(
        "truncated.xlsx",
        lambda: _xlsx([HEADER, *spells()])[:1500],
        "failed",
        ("truncated.xlsx", "afkortet"),
    ),
    Case("not_really.xlsx", b(_good()), "failed", ("not_really.xlsx", "excel")),
    Case(
        "old_format.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "failed",
        (".xls", "xlsx"),
    ),
    Case("report.csv", b("%PDF-1.4\n%âãÏÓ\n1 0 obj\n", "latin-1"), "failed", ("PDF",)),
    Case(
        "ragged_short.csv",
        b(H + "\n" + _lines(spells(n=2)) + "a;b;c;d;e\n"),
        "failed",
        ("række/row 4", "5 felter"),
    ),
    Case("ragged_late.csv", b(RAGGED_LATE), "failed", ("række/row 702", "7 felter")),
    Case(
        "semicolon_in_text.csv",
        b(NOTES + f"\n{CPRS[0]};101;01-01-2023;ok\n{CPRS[1]};101;02-01-2023;a;b\n"),
        "failed",
        ("række/row 3",),
        dataset="benefit_notes",
    ),
    Case(
        "mixed_encoding.csv",
        lambda: (H + "\n" + _lines(spells(n=2))).encode() + "x;Ærø;2023;a;b;c\n".encode("cp1252"),
        "failed",
        ("blander tegnsæt", "række/row 4"),
    ),
    Case(
        "mixed_encoding_late.csv",
        lambda: _big_utf8_then(f"{CPRS[0]};Ærø;2023;fleksjob;01-01-2023;\n".encode("cp1252")),
        "failed",
        ("blander tegnsæt", "række/row 6002"),
    ),
    Case(
        "cp1252_then_utf8.csv",
        _big_cp1252_then_utf8,
        "failed",
        ("blander tegnsæt", "række/row 6002"),
    ),
    Case(
        "duplicated_header.csv",
        b("cpr;kommune;aar;ydelse;startdato;startdato\n" + _lines(spells(n=2))),
        "failed",
        ("kolonne/column 'startdato'", "to gange", "5 og 6"),
    ),
    Case(
        "two_names_one_column.csv",
        b(
            "cpr;kommune;aar;ydelse;start;startdato;slutdato\n"
            + "".join(";".join([*r[:5], r[4], r[5]]) + "\n" for r in spells(n=2))
        ),
        "failed",
        ("både", "start_date"),
    ),
    Case(
        "missing_column.csv",
        b(
            "cpr;kommune;aar;ydelse;slutdato\n"
            + "".join(";".join([*r[:4], r[5]]) + "\n" for r in spells(n=2))
        ),
        "failed",
        ("kolonne/column 'start_date'", "mangler", "--map"),
    ),
    Case(
        "pupils_extract.csv",
        b("elev_id;skole;klassetrin;kommune\nE1;Skolen;3;101\n"),
        "failed",
        ("pupils_test", "--dataset pupils_test"),
    ),
    Case(
        "headerless_wrong_width.csv",
        b("A;1;2;3\nB;4;5;6\n"),
        "failed",
        ("ingen overskriftsrække", "column_1"),
    ),
    Case(
        "unterminated_quote.csv",
        b(H + "\n" + _lines(spells(n=2)) + f'{CPRS[2]};101;2023;"fleksjob;01-01-2023;\n'),
        "failed",
        ("unterminated_quote.csv",),
    ),
    Case("garbage.json", b('{"cpr": "x", oops'), "failed", ("garbage.json", "JSON")),
    Case("truncated.parquet", lambda: _parquet()[:200], "failed", ("truncated.parquet", "Parquet")),
    Case(
        "broken.jsonstat",
        b(
            json.dumps(
                {
                    "dataset": {
                        "dimension": {
                            "id": ["Tid"],
                            "size": [3],
                            "Tid": {"category": {"index": {"2020": 0}}},
                        },
                        "value": [1, 2, 3],
                    }
                }
            )
        ),
        "failed",
        ("JSON-stat",),
    ),
    Case("empty_sheet.xlsx", lambda: _xlsx([]), "failed", ("tomt",)),
    Case(
        "cpr_in_comment.csv",
        b(
            NOTES + f"\n{CPRS[0]};101;01-01-2023;ring til borgeren\n"
            f"{CPRS[1]};101;02-01-2023;ring til {CPRS[2]} om sagen\n"
        ),
        "failed",
        ("række/row 3", "kolonne/column 'comment'", "CPR", "vises ikke"),
        dataset="benefit_notes",
        hidden=(CPRS[2], CPRS[2].replace("-", "")),
    ),
    Case(
        "cpr_in_benefit.csv",
        b(_with(4, 3, CPRS[5].replace("-", ""))),
        "failed",
        ("række/row 4", "kolonne/column 'benefit'", "CPR"),
        hidden=(CPRS[5].replace("-", ""),),
    ),
    # Deliveries that read fine but fail their contract: rejected with the finding.
    Case(
        "unknown_municipality.csv",
        b(_with(3, 1, "Aalborgg")),
        "rejected",
        ("Aalborg (851)",),
        "unknown-municipality",
        3,
        "municipality",
    ),
    Case(
        "mixed_dates.csv",
        b(_with(5, 4, "2023-01-04")),
        "rejected",
        ("dd-mm-yyyy",),
        "date-format",
        5,
        "start_date",
    ),
    Case(
        "not_a_cpr.csv",
        b(_with(2, 0, "12345")),
        "rejected",
        ("#####",),
        "invalid-cpr",
        2,
        "person_id",
        hidden=("12345",),
    ),
    Case(
        "impossible_date.csv",
        b(_with(6, 4, "30-02-2023")),
        "rejected",
        (),
        "type-error",
        6,
        "start_date",
    ),
    Case(
        "end_before_start.csv",
        b(_with(3, 5, "01-12-2022")),
        "rejected",
        (),
        "end-after-start",
        3,
        "end_date",
    ),
    Case(
        "duplicate_rows.csv",
        b(H + "\n" + _lines([*spells(n=5), spells(n=5)[1]])),
        "rejected",
        (),
        "duplicate-key",
        7,
    ),
    Case(
        "misspelt_benefit.csv",
        b(_with(4, 3, "Kontanthjælp")),
        "rejected",
        (),
        "forbidden-value",
        4,
        "benefit",
    ),
    Case(
        "year_1899.csv",
        b(_with(2, 2, "1899")),
        "rejected",
        ("2000–2100",),
        "out-of-range",
        2,
        "year",
    ),
    Case("missing_start.csv", b(_with(5, 4, "")), "rejected", (), "missing-value", 5, "start_date"),
    Case("decimal_year.csv", b(_with(3, 2, "2023,5")), "rejected", (), "type-error", 3, "year"),
    Case(
        "101_wrong.csv",
        b(H + "\n" + _lines(spells("851", 2023, 4))),
        "rejected",
        ("101",),
        "wrong-municipality",
        2,
        "municipality",
    ),
    Case(
        "strict_reject.csv",
        b(
            NOTES
            + "\n"
            + "".join(f"{CPRS[i % 8]};101;{i + 1:02d}-01-2023;\n" for i in range(19))
            + f"{CPRS[0]};101;31-01-2023;\n".replace("31-01", "32-01")
        ),
        "rejected",
        ("afviser leverancer",),
        "type-error",
        21,
        "start_date",
        dataset="benefit_notes",
    ),
]


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for case in CASES:
        (folder / case.dataset).mkdir(exist_ok=True)
        (folder / case.dataset / case.name).write_bytes(case.content())
    return folder


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A commons that already holds data a bad delivery could damage."""
    home = tmp_path_factory.mktemp("commons") / "faelled-data"
    settings = Settings(home=home, content_dir=ROOT / "tests")
    tmp = home.parent / "good"
    results = ingest(
        settings,
        [write_csv(tmp / "101_2023.csv", spells()), write_csv(tmp / "851_2023.csv", spells("851"))],
        get_contract("benefit_spells", settings),
    )
    notes = write_csv(
        tmp / "n.csv", [[CPRS[0], "101", "01-01-2023", "ok"]], header=NOTES.split(";")
    )
    results += ingest(settings, [notes], get_contract("benefit_notes", settings))
    assert [r.status for r in results] == ["loaded"] * 3
    return settings


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_file_gives_one_clear_message_and_changes_nothing(
    case: Case, corpus: Path, loaded: Settings
) -> None:
    before = snapshot(loaded)
    [result] = ingest(
        loaded, [corpus / case.dataset / case.name], get_contract(case.dataset, loaded)
    )
    assert result.status == case.kind, result.message.en
    text = result.message.da + " " + (result.hint or "")
    if case.kind == "failed":
        assert case.name in text and result.hint, text
    else:
        assert result.report is not None
        finding = result.report.errors[0]
        assert (finding.rule, finding.column) == (case.rule, case.column), result.report.rules()
        assert case.row in finding.rows and finding.hint is not None
        text += (
            " "
            + finding.message.da
            + " "
            + json.dumps([f.to_dict() for f in result.report.findings], ensure_ascii=False)
        )
    for fragment in case.says:
        assert fragment in text, text
    for secret in case.hidden:
        assert secret not in text + json.dumps(result.to_dict(), ensure_ascii=False)
    assert snapshot(loaded) == before


@pytest.mark.slow
def test_the_cli_says_one_thing_per_bad_file_and_changes_nothing(
    corpus: Path, loaded: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAELLED_CONTENT_DIR", str(ROOT / "tests"))
    before = snapshot(loaded)
    for dataset in ("benefit_spells", "benefit_notes"):
        cases = [c for c in CASES if c.dataset == dataset]
        proc = run_cli(
            "ingest", str(corpus / dataset), "-d", dataset, home=loaded.home, check=False
        )
        assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
        errors = [line for line in proc.stderr.splitlines() if line.startswith("Fejl / error:")]
        rejected = [line for line in proc.stdout.splitlines() if line.startswith("✗ ")]
        for case in cases:
            lines = errors if case.kind == "failed" else rejected
            mine = [
                line
                for line in lines
                if case.name in line.split(":")[0 if lines is rejected else 1]
            ]
            assert len(mine) == 1, (case.name, mine)
        assert len(errors) + len(rejected) == len(cases)
        for case in cases:
            for secret in case.hidden:
                assert secret not in proc.stdout + proc.stderr
    assert snapshot(loaded) == before


@pytest.mark.parametrize(
    "name", ["ragged_short.csv", "cpr_in_benefit.csv", "truncated.xlsx", "empty.csv"]
)
def test_a_bad_file_alone_through_the_cli(name: str, corpus: Path, loaded: Settings) -> None:
    case = next(c for c in CASES if c.name == name)
    before = snapshot(loaded)
    proc = run_cli(
        "ingest",
        str(corpus / case.dataset / name),
        "-d",
        case.dataset,
        home=loaded.home,
        check=False,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert lines[0].startswith("Fejl / error: ") and len(lines) == 2, lines  # message, hint
    for fragment in case.says:
        assert fragment in lines[0]
    assert snapshot(loaded) == before
    assert os.path.exists(loaded.home / "faelled.duckdb")
