"""Initiatives, rounds, single-use links and results on a real DuckDB file."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
import pytest

from faelled.errors import Gone, InputError, NotFound
from faelled.settings import Settings
from faelled.survey import stats
from faelled.survey.demo import build_demo_surveys
from faelled.survey.instruments import catalog
from faelled.survey.model import read_initiative_file
from faelled.survey.respond import open_form, submit
from faelled.survey.results import initiative_results, overview
from faelled.survey.store import (
    SCHEMAS,
    find_token,
    issue_tokens,
    load_responses,
    open_round,
    rounds,
)

from .survey_support import INITIATIVE, TODAY, database, respond, set_up, write_initiative


def test_initiative_file_rounds_and_pinned_versions(settings: Settings, tmp_path: Path) -> None:
    with database(settings) as db:
        ini, first = set_up(db, tmp_path)
        assert ini.municipality == "851"
        assert [(u.id, u.parent) for u in ini.units] == [
            ("jobcenter", None),
            ("ydelse", "jobcenter"),
            ("unge", "jobcenter"),
            ("analyse", None),
        ]
        assert first.number == 1 and first.instruments == (("knoster", 1), ("needs", 1))
        second = open_round(db, ini, catalog(), closes=TODAY + timedelta(days=9), today=TODAY)
        assert second.number == 2
        assert [r.number for r in rounds(db, ini.id)] == [1, 2]
        with pytest.raises(InputError, match="findes allerede"):
            set_up(db, tmp_path)
        with pytest.raises(InputError, match="Lukkedatoen"):
            open_round(db, ini, catalog(), closes=TODAY - timedelta(days=1), today=TODAY)


def test_a_bad_initiative_file_names_the_field(tmp_path: Path) -> None:
    path = write_initiative(tmp_path, INITIATIVE.replace("id: ydelse", "id: Ydelse Team"))
    with pytest.raises(InputError) as info:
        read_initiative_file(path)
    assert str(path) in info.value.message and "units.0.units.0.id" in info.value.message
    dupes = write_initiative(tmp_path, INITIATIVE.replace("id: unge", "id: ydelse"))
    with pytest.raises(InputError, match="unique"):
        read_initiative_file(dupes)
    with pytest.raises(NotFound, match="unknown instrument"):
        from faelled.survey.store import create_initiative

        with database(Settings(home=tmp_path / "x")) as db:
            bad = read_initiative_file(
                write_initiative(tmp_path, INITIATIVE.replace("needs]", "nope]"))
            )
            create_initiative(db, bad, catalog(), TODAY)


def _all_text(db: object, tables: list[str]) -> str:
    from faelled.engine import Database

    assert isinstance(db, Database)
    return "\n".join(str(db.table(t).to_pyarrow().to_pylist()) for t in tables)


def test_tokens_are_kept_only_as_hashes(settings: Settings, tmp_path: Path) -> None:
    with database(settings) as db:
        ini, rnd = set_up(db, tmp_path)
        tokens = issue_tokens(db, rnd, 3, ini.unit("ydelse"))
        assert len(set(tokens)) == 3 and all(len(t) >= 20 for t in tokens)
        stored = _all_text(db, db.tables())
        for t in tokens:
            assert t not in stored
            assert hashlib.sha256(t.encode()).hexdigest() in stored
        info = find_token(db, tokens[0])
        assert info is not None and (info.unit, info.used) == ("ydelse", False)
        assert find_token(db, "not-a-token") is None


def test_a_link_answers_once(settings: Settings, tmp_path: Path) -> None:
    with database(settings) as db:
        ini, rnd = set_up(db, tmp_path)
        [token] = issue_tokens(db, rnd, 1, None)
        fields: dict[str, str | int | None] = {
            "knoster.vision1": "4",
            "knoster.vision2": "dk",
            "needs.safety1": 2,
            "unit": "unge",
        }
        submit(db, catalog(), token, fields, TODAY)
        [response] = load_responses(db, ini.id, rnd.number)
        assert response.unit == "unge"
        assert response.answers == {
            "knoster": {"vision1": 4, "vision2": None},
            "needs": {"safety1": 2},
        }
        with pytest.raises(Gone, match="allerede brugt") as info:
            submit(db, catalog(), token, fields, TODAY)
        assert info.value.status == 410
        with pytest.raises(Gone, match="already been used"):
            open_form(db, catalog(), token, TODAY)
        assert len(load_responses(db, ini.id, rnd.number)) == 1


def test_a_bad_answer_stores_nothing_and_keeps_the_link(settings: Settings, tmp_path: Path) -> None:
    with database(settings) as db:
        ini, rnd = set_up(db, tmp_path)
        [token] = issue_tokens(db, rnd, 1, ini.unit("ydelse"))
        cases: list[tuple[dict[str, str | int | None], str]] = [
            ({"knoster.vision1": "6"}, "knoster.vision1: '6'"),
            ({"knoster.vision9": "3"}, "unknown field"),
            ({"needs.safety1": "dk", "knoster.vision1": "0"}, "1–5"),
            ({}, "mindst ét"),
            ({"knoster.vision1": ""}, "mindst ét"),
        ]
        for bad, match in cases:
            with pytest.raises(InputError, match=match):
                submit(db, catalog(), token, bad, TODAY)
        assert load_responses(db, ini.id, rnd.number) == []
        submit(db, catalog(), token, {"knoster.vision1": "5"}, TODAY)
        assert len(load_responses(db, ini.id, rnd.number)) == 1


def test_a_closed_round_refuses_answers(settings: Settings, tmp_path: Path) -> None:
    with database(settings) as db:
        _, rnd = set_up(db, tmp_path)
        [token] = issue_tokens(db, rnd, 1, None)
        after = rnd.closes + timedelta(days=1)
        with pytest.raises(Gone, match=f"lukkede {rnd.closes.isoformat()}"):
            open_form(db, catalog(), token, after)
        open_form(db, catalog(), token, rnd.closes)  # the closing day itself still counts


def test_responses_keep_the_day_and_nothing_that_identifies() -> None:
    responses = SCHEMAS["survey_responses"]
    assert responses["submitted_on"] == dt.date
    for name, schema in SCHEMAS.items():
        for column, dtype in schema.items():
            assert not dtype.is_timestamp(), f"{name}.{column} is finer than a day"
            assert column not in {"ip", "ip_address", "user_agent", "token", "email"}, name
    assert "token_hash" not in responses and "token_hash" not in SCHEMAS["survey_answers"]


def test_results_protect_small_units_and_add_up_by_hand(settings: Settings, tmp_path: Path) -> None:
    with database(settings) as db:
        ini, rnd = set_up(db, tmp_path)
        respond(db, rnd, "ydelse", [4, 4, 4, 5, 5, 3])  # 6: could be shown on its own …
        respond(db, rnd, "unge", [2, 2, 3])  # … but unge has 3, and jobcenter − ydelse = unge
        respond(db, rnd, "analyse", [1, 2, 2, 3, 3])  # 5: shown
        data = initiative_results(db, catalog(), ini.id, today=TODAY)
    groups = {g["id"]: g for g in data["groups"]}
    assert groups["_all"]["n"] == 14 and groups["jobcenter"]["n"] == 9
    assert groups["analyse"]["n"] == 5
    assert (groups["unge"]["suppressed"], groups["unge"]["reason"]) == (True, "too_few")
    assert (groups["ydelse"]["suppressed"], groups["ydelse"]["reason"]) == (True, "protects_other")
    assert groups["ydelse"]["n"] is None
    vision = {r["group"]: r for r in data["knoster"]["results"] if r["element"] == "vision"}
    # whole initiative: (4+4+4+5+5+3 + 2+2+3 + 1+2+2+3+3) / 14 = 43 / 14
    assert vision["_all"]["mean"] == pytest.approx(43 / 14, abs=0.001)
    # jobcenter: (25 + 7) / 9
    assert vision["jobcenter"]["mean"] == pytest.approx(32 / 9, abs=0.001)
    assert vision["ydelse"]["mean"] is None and vision["unge"]["mean"] is None
    assert vision["analyse"]["mean"] == pytest.approx(11 / 5) and vision["analyse"]["status"] == (
        "missing"
    )
    # Nothing in the Knoster section averages the elements into one number.
    assert set(data["knoster"]) == {"elements", "outcome", "results", "headlines", "symptoms"}
    assert set(data["knoster"]["results"][0]) == {
        "group", "element", "mean", "n", "sd", "disagree", "dont_know", "status", "suppressed",
    }  # fmt: skip
    # Maturity, mindset and type of change were not in this round.
    assert data["maturity"] is None and data["mindset"] is None and data["change_type"] is None
    # No shown group minus its shown children leaves fewer than 5 (per measure, from the JSON).
    shown = {g for g, r in vision.items() if not r["suppressed"]}
    parent = {g["id"]: g["parent"] for g in data["groups"]}
    for g in shown:
        left = vision[g]["n"] - sum(vision[c]["n"] for c in shown if parent[c] == g)
        assert left == 0 or left >= 5, g


def test_the_learning_loop_flags_a_decline(settings: Settings, tmp_path: Path) -> None:
    with database(settings) as db:
        ini, first = set_up(db, tmp_path)
        respond(db, first, "analyse", [5, 4, 5, 4, 5, 4])
        second = open_round(db, ini, catalog(), closes=TODAY + timedelta(days=60), today=TODAY)
        respond(db, second, "analyse", [2, 3, 2, 3, 2, 2])
        data = initiative_results(db, catalog(), ini.id, today=TODAY)
        earlier = initiative_results(db, catalog(), ini.id, 1, today=TODAY)
    assert data["compared_with"] == 1 and earlier["compared_with"] is None
    assert earlier["changes"] == [] and earlier["warnings"] == []
    vision = [w for w in data["warnings"] if w["group"] == "analyse" and w["scale"] == "vision"]
    assert len(vision) == 1
    w = vision[0]
    expected = stats.welch([5, 4, 5, 4, 5, 4], [2, 3, 2, 3, 2, 2])
    assert expected is not None
    assert (w["before"], w["after"]) == (pytest.approx(4.5), pytest.approx(14 / 6, abs=0.001))
    assert (w["low"], w["high"]) == (
        pytest.approx(expected.low, abs=0.001),
        pytest.approx(expected.high, abs=0.001),
    )
    assert w["declined"] and (w["status_before"], w["status_after"]) == ("present", "missing")
    # Core needs fell the same way; they have no status, so only the interval decides.
    needs = [c for c in data["changes"] if c["instrument"] == "needs" and c["group"] == "analyse"]
    assert len(needs) == 6 and all(c["warning"] and c["status_after"] is None for c in needs)


def test_commons_shows_no_data_until_quality_scores_exist(
    settings: Settings, tmp_path: Path
) -> None:
    with database(settings) as db:
        ini, _ = set_up(db, tmp_path)
        before = initiative_results(db, catalog(), ini.id, today=TODAY)["commons"]
        assert before["available"] is False
        assert [(u["unit"], [d["score"] for d in u["datasets"]]) for u in before["units"]] == [
            ("jobcenter", [None]),
            ("analyse", [None, None]),
        ]
        rows = [
            # dataset, municipality, load_id, completeness, validity, uniqueness, timeliness, score
            ("ydelser", "851", 1, 0.9, 0.8, 1.0, 0.5, 0.70),
            ("ydelser", "851", 2, 1.0, 0.9, 1.0, 0.9, 0.95),  # the latest load of ydelser
            ("ydelser", "101", 3, 0.1, 0.1, 0.1, 0.1, 0.10),  # another municipality's
            ("noegletal", "851", 1, 0.5, 0.5, 0.5, 0.5, 0.55),
        ]
        names = ["dataset", "municipality", "load_id", "completeness", "validity", "uniqueness"]
        names += ["timeliness", "score"]
        table = pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in rows])
        # The ingest migration created the (empty) table; this stands in for its loads.
        db.backend.create_table("quality_scores", table, overwrite=True)
        after = initiative_results(db, catalog(), ini.id, today=TODAY)["commons"]
    assert after["available"] is True
    units = {u["unit"]: u for u in after["units"]}
    assert units["jobcenter"]["datasets"][0] == {
        "dataset": "ydelser",
        "load_id": "2",
        "completeness": 1.0,
        "validity": 0.9,
        "uniqueness": 1.0,
        "timeliness": 0.9,
        "score": 0.95,
    }
    assert units["jobcenter"]["score"] == 0.95
    # analyse owns noegletal (0.55) and ydelser (0.95): its contribution is their mean
    assert units["analyse"]["score"] == pytest.approx(0.75)


def test_the_demo_builds_initiatives_with_two_rounds_once(settings: Settings) -> None:
    lines: list[str] = []
    with database(settings) as db:
        created = build_demo_surveys(db, catalog(), TODAY, lines.append)
        assert build_demo_surveys(db, catalog(), TODAY, lines.append) == []
        data = overview(db, TODAY)
        full = initiative_results(db, catalog(), created[0], today=TODAY)
    assert len(created) == 3 and len(lines) == 3 and "/survey/r/demo-" in lines[0]
    for ini in data["values"]:
        assert [r["round"] for r in ini["rounds"]] == [1, 2]
        assert all(r["responses"] >= 20 for r in ini["rounds"])
        assert [r["open"] for r in ini["rounds"]] == [False, True]
    for section in ("knoster", "needs", "mindset", "maturity", "change_type"):
        assert full[section] is not None, section
        shown = [r for r in full[section]["results"] if not r["suppressed"]]
        assert shown, section
    assert full["warnings"], "the demo plants declines so the warning signs show"
    assert any(g["reason"] == "protects_other" for g in full["groups"])
    assert all(r["alpha"] is not None for r in full["reliability"])


def test_an_unknown_initiative_or_round_names_what_exists(
    settings: Settings, tmp_path: Path
) -> None:
    with database(settings) as db:
        set_up(db, tmp_path)
        with pytest.raises(NotFound) as info:
            initiative_results(db, catalog(), "nope")
        assert info.value.hint and "data-i-jobcentret" in info.value.hint
        with pytest.raises(NotFound) as info:
            initiative_results(db, catalog(), "data-i-jobcentret", 7)
        assert info.value.hint == "Runder / rounds: 1"


def test_quality_scores_table_from_ibis_schema_is_read(settings: Settings, tmp_path: Path) -> None:
    """The ingest area may store municipality as an integer: codes still match."""
    with database(settings) as db:
        ini, _ = set_up(db, tmp_path)
        schema = ibis.schema(
            {
                "dataset": dt.string,
                "municipality": dt.int64,
                "load_id": dt.int64,
                "completeness": dt.float64,
                "validity": dt.float64,
                "uniqueness": dt.float64,
                "timeliness": dt.float64,
                "score": dt.float64,
            }
        )
        db.backend.create_table("quality_scores", schema=schema, overwrite=True)
        row = {"dataset": "ydelser", "municipality": 851, "load_id": 4} | {
            m: 0.5 for m in ("completeness", "validity", "uniqueness", "timeliness", "score")
        }
        db.backend.insert("quality_scores", pa.Table.from_pylist([row], schema=schema.to_pyarrow()))
        commons = initiative_results(db, catalog(), ini.id, today=TODAY)["commons"]
    assert commons["available"] and commons["units"][0]["score"] == 0.5


def test_the_documented_initiative_file_is_valid(tmp_path: Path) -> None:
    from .conftest import ROOT

    text = (ROOT / "docs" / "survey.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    ini = read_initiative_file(write_initiative(tmp_path, example))
    assert ini.municipality == "851" and len(ini.units) == 4
    assert ini.unit("ydelse").datasets == ("ydelser",)
