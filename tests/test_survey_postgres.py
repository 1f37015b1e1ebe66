"""The survey area on a real PostgreSQL server gives the same results as on DuckDB, cell by cell
(DESIGN decisions 2 and 3), on the session's throw-away server (tests/pg.py)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pydantic import SecretStr

from faelled.errors import Gone
from faelled.settings import Settings
from faelled.survey.demo import build_demo_surveys
from faelled.survey.instruments import catalog
from faelled.survey.respond import submit
from faelled.survey.results import initiative_results
from faelled.survey.store import issue_tokens, load_responses

from .survey_support import INITIATIVE, database, set_up

pytestmark = pytest.mark.postgres

TODAY = date(2025, 3, 3)


@pytest.fixture
def fresh_pg(postgres_url: str) -> Iterator[str]:
    """An empty database of its own on the session's PostgreSQL server: other tests build the
    demo in the shared one."""
    import psycopg

    name = f"survey_{secrets.token_hex(4)}"
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    try:
        yield postgres_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_the_demo_surveys_score_the_same_on_postgres_and_duckdb(
    fresh_pg: str, tmp_path: Path
) -> None:
    duck = Settings(home=tmp_path / "duck")
    pg = Settings(home=tmp_path / "pg", database_url=SecretStr(fresh_pg))
    results = {}
    for name, settings in (("duckdb", duck), ("postgres", pg)):
        with database(settings) as db:
            assert db.dialect == name
            ids = build_demo_surveys(db, catalog(), TODAY, lambda _: None)
            results[name] = {
                (i, n): initiative_results(db, catalog(), i, n, today=TODAY)
                for i in ids
                for n in (1, 2)
            }
    assert len(results["duckdb"]) == 6
    for key, expected in results["duckdb"].items():
        assert results["postgres"][key] == expected, key


def test_a_link_answers_once_on_postgres(fresh_pg: str, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=SecretStr(fresh_pg))
    with database(settings) as db:
        _, rnd = set_up(db, tmp_path, INITIATIVE.replace("id: data-i-jobcentret", "id: pg-link"))
        [token] = issue_tokens(db, rnd, 1, None)
        fields = {"knoster.vision1": "4", "unit": "ydelse"}
        submit(db, catalog(), token, fields, rnd.opens)
        with pytest.raises(Gone):
            submit(db, catalog(), token, fields, rnd.opens)
        assert [r.unit for r in load_responses(db, "pg-link", rnd.number)] == ["ydelse"]
