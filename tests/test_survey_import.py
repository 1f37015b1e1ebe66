"""SurveyXact and LimeSurvey CSV exports: what is read, what is skipped, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from faelled.engine import Database
from faelled.errors import InputError
from faelled.settings import Settings
from faelled.survey.imports import ImportReport, import_export, norm
from faelled.survey.instruments import catalog
from faelled.survey.model import Initiative, Round
from faelled.survey.store import load_responses

from .conftest import run_cli
from .survey_support import INITIATIVE, TODAY, database, set_up

WITH_ALL = INITIATIVE.replace("[knoster, needs]", "[knoster, needs, mindset, maturity]")

# SurveyXact's dataset export: semicolons, Windows-1252, status flags, and "Ved ikke" coded as
# the number after the scale (6). Row 3 is a partial response (statoverall_3).
SURVEYXACT = """\
respondentid;email;statoverall_1;statoverall_2;statoverall_3;statoverall_4;statoverall_5;enhed;knoster_vision1;knoster_vision2;knoster_vision3;needs_safety1;needs_safety2;closetime
9001;anna@kommune.dk;0;0;0;1;0;Ydelsesteamet;4;5;6;3;2;01-03-2025 10:12:44
9002;;0;0;1;0;0;Ydelsesteamet;2;;;;;
9003;;0;0;0;1;0;unge;3;3;3;4;4;02-03-2025 08:01:02
9004;;0;0;0;1;0;Analyseenheden;5;5;4;;;02-03-2025 09:30:00
"""

# LimeSurvey's response export: commas, quotes, UTF-8 with BOM, a submitdate for completed
# responses, answer codes A1…A5, a "code & text" heading, and timing columns to ignore.
LIMESURVEY = (
    '"id","submitdate","lastpage","startlanguage","seed","token","ipaddr","unit",'
    '"knoster[vision1]. Jeg ved, hvad forandringen skal føre til","knoster[vision2]",'
    '"knoster[vision3]","KNOSTER[confusion]","knosterTime","mindset[mindset1today]",'
    '"mindset[mindset1desired]","maturity[qualitylead]","maturity[qualityleadnote]"\n'
    '"1","2025-03-01 10:00:00","4","da","123","tok1","10.0.0.1","ydelse","A4","A5","DK","A2",'
    '"12.5","2","5","3","Vi har en fast dataejer, ""Ole"" fra IT."\n'
    '"2","","2","da","456","tok2","10.0.0.2","ydelse","A1","","","","3.1","","","",""\n'
    '"3","2025-03-02 11:00:00","4","da","789","tok3","10.0.0.3","analyse","3","3","","",'
    '"8.0","1","4","",""\n'
)


@pytest.fixture
def ready(settings: Settings, tmp_path: Path) -> tuple[Settings, Initiative, Round]:
    with database(settings) as db:
        ini, rnd = set_up(db, tmp_path, WITH_ALL)
    return settings, ini, rnd


def _import(db: Database, path: Path, fmt: str, ini: Initiative, rnd: Round) -> ImportReport:
    data = path.read_bytes()
    return import_export(db, catalog(), data, path.name, fmt, ini, rnd, today=TODAY)  # type: ignore[arg-type]


def test_column_names_compare_without_punctuation_or_heading_text() -> None:
    assert norm("knoster_vision1") == norm("KNOSTER[vision1]") == "knostervision1"
    assert norm("knoster[vision1]. Jeg ved, hvad …") == "knostervision1"
    assert norm("mindset[mindset1today]") == norm("mindset_mindset1_today")


def test_surveyxact_export(ready: tuple[Settings, Initiative, Round], tmp_path: Path) -> None:
    settings, ini, rnd = ready
    path = tmp_path / "dataset_surveyxact.csv"
    path.write_bytes(SURVEYXACT.encode("cp1252"))
    with database(settings) as db:
        report = _import(db, path, "surveyxact", ini, rnd)
        responses = load_responses(db, ini.id, rnd.number)
        stored = "\n".join(str(db.table(t).to_pyarrow().to_pylist()) for t in db.tables())
    assert (report.rows, report.imported, report.incomplete, report.empty) == (4, 3, 1, 0)
    got = sorted(
        (r.unit, r.answers["knoster"].get("vision1"), r.answers.get("needs")) for r in responses
    )
    assert got == [
        ("analyse", 5, None),
        ("unge", 3, {"safety1": 4, "safety2": 4}),
        ("ydelse", 4, {"safety1": 3, "safety2": 2}),
    ]
    anna = next(r for r in responses if r.unit == "ydelse")
    assert anna.answers["knoster"] == {"vision1": 4, "vision2": 5, "vision3": None}  # 6 = ved ikke
    # Nothing of the tool's identity or timing comes along.
    for secret in ("anna@kommune.dk", "9001", "10:12"):
        assert secret not in stored


def test_limesurvey_export(ready: tuple[Settings, Initiative, Round], tmp_path: Path) -> None:
    settings, ini, rnd = ready
    path = tmp_path / "results-survey123.csv"
    path.write_bytes(b"\xef\xbb\xbf" + LIMESURVEY.encode("utf-8"))
    with database(settings) as db:
        report = _import(db, path, "limesurvey", ini, rnd)
        responses = sorted(load_responses(db, ini.id, rnd.number), key=lambda r: r.unit)
        stored = "\n".join(str(db.table(t).to_pyarrow().to_pylist()) for t in db.tables())
    assert (report.imported, report.incomplete) == (2, 1)
    analyse, ydelse = responses
    assert ydelse.answers["knoster"] == {
        "vision1": 4,
        "vision2": 5,
        "vision3": None,
        "confusion": 2,
    }
    assert ydelse.answers["mindset"] == {"mindset1.today": 2, "mindset1.desired": 5}
    assert ydelse.answers["maturity"] == {"qualitylead": 3}
    assert ydelse.notes == {"maturity": {"qualitylead": 'Vi har en fast dataejer, "Ole" fra IT.'}}
    assert analyse.answers["knoster"] == {"vision1": 3, "vision2": 3}
    for secret in ("10.0.0.1", "tok1", "2025-03-01 10:00"):
        assert secret not in stored


def _refused(settings: Settings, ini: Initiative, rnd: Round, path: Path, fmt: str) -> str:
    with database(settings) as db:
        with pytest.raises(InputError) as info:
            _import(db, path, fmt, ini, rnd)
        assert load_responses(db, ini.id, rnd.number) == [], "nothing is stored"
    return str(info.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("Ydelsesteamet;4;5;6;3;2", "Ydelsesteamet;9;5;6;3;2"),
            "række/row 2, kolonne/column 'knoster_vision1': '9' er ikke et svar",
        ),
        (("unge;3;3;3;4;4", "Økonomi;3;3;3;4;4"), "row 4, kolonne/column 'enhed': ukendt enhed"),
        (("knoster_vision3;", "knoster_vision9;"), "row 1, kolonne/column 'knoster_vision9'"),
        (("Analyseenheden;5;5;4;;;", "Analyseenheden;5;5;4"), "row 5, kolonne/column ''"),
        (("unge;3;3;3;4;4", "unge;3;3;x;4;4"), "'x' er ikke et svar"),
    ],
)
def test_a_bad_surveyxact_file_is_refused_with_file_row_and_column(
    ready: tuple[Settings, Initiative, Round],
    tmp_path: Path,
    change: tuple[str, str],
    expected: str,
) -> None:
    settings, ini, rnd = ready
    path = tmp_path / "bad.csv"
    path.write_bytes(SURVEYXACT.replace(*change).encode("cp1252"))
    message = _refused(settings, ini, rnd, path, "surveyxact")
    assert "bad.csv" in message and expected in message
    assert "Intet er gemt" in message and "Nothing was stored" in message


def test_every_problem_is_named_up_to_ten(
    ready: tuple[Settings, Initiative, Round], tmp_path: Path
) -> None:
    settings, ini, rnd = ready
    header, *_ = SURVEYXACT.splitlines()
    rows = [f"{n};;0;0;0;1;0;unge;7;7;7;7;7;" for n in range(3)]  # 5 bad cells each
    path = tmp_path / "many.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    message = _refused(settings, ini, rnd, path, "surveyxact")
    assert message.count("many.csv: række/row") == 10
    assert "og 5 fejl mere / and 5 more" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "filen er tom"),
        ("respondentid;enhed;q1;q2\n1;unge;3;4\n", "ingen kolonner passer"),
        ("id;knoster_vision1\n1;4\n", "ingen kolonne 'enhed' eller 'unit'"),
        (
            "respondentid;statoverall_4;enhed;knoster_vision1\n1;0;unge;4\n",
            "ingen gennemførte besvarelser",
        ),
    ],
)
def test_files_that_cannot_be_read_at_all(
    ready: tuple[Settings, Initiative, Round], tmp_path: Path, content: str, expected: str
) -> None:
    settings, ini, rnd = ready
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    assert expected in _refused(settings, ini, rnd, path, "surveyxact")


def test_the_same_file_is_not_counted_twice(
    ready: tuple[Settings, Initiative, Round], tmp_path: Path
) -> None:
    settings, ini, rnd = ready
    path = tmp_path / "once.csv"
    path.write_bytes(SURVEYXACT.encode("cp1252"))
    with database(settings) as db:
        _import(db, path, "surveyxact", ini, rnd)
        with pytest.raises(InputError, match="allerede importeret"):
            _import(db, path, "surveyxact", ini, rnd)
        assert len(load_responses(db, ini.id, rnd.number)) == 3


def test_the_cli_import_reports_and_refuses_without_a_traceback(
    ready: tuple[Settings, Initiative, Round], tmp_path: Path
) -> None:
    settings, ini, _ = ready
    good = tmp_path / "good.csv"
    good.write_bytes(SURVEYXACT.encode("cp1252"))
    out = run_cli(
        "survey", "import", str(good), "--format", "surveyxact", "--initiative", ini.id,
        home=settings.home,
    )  # fmt: skip
    assert "Importeret / imported 3 svar i runde 1" in out.stdout
    bad = tmp_path / "bad.csv"
    bad.write_bytes(SURVEYXACT.replace("unge;3;3;3", "unge;3;0;3").encode("cp1252"))
    proc = run_cli(
        "survey", "import", str(bad), "--format", "surveyxact", "--initiative", ini.id,
        home=settings.home, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "bad.csv: række/row 4, kolonne/column 'knoster_vision2'" in proc.stderr
    assert "Traceback" not in proc.stderr
    wrong = run_cli(
        "survey", "import", str(good), "--format", "excel", "--initiative", ini.id,
        home=settings.home, check=False,
    )  # fmt: skip
    assert wrong.returncode == 1 and "surveyxact, limesurvey" in wrong.stderr
