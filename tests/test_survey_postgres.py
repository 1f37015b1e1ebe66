"""The survey area on a real PostgreSQL server gives the same results as on DuckDB, cell by cell
(DESIGN decisions 2 and 3). The server is a throw-away cluster on a free loopback port."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from faelled.errors import Gone
from faelled.settings import Settings
from faelled.survey.demo import build_demo_surveys
from faelled.survey.instruments import catalog
from faelled.survey.respond import submit
from faelled.survey.results import initiative_results
from faelled.survey.store import issue_tokens, load_responses

from .conftest import free_port
from .survey_support import INITIATIVE, database, set_up

pytestmark = pytest.mark.postgres

PG_BIN = Path("/usr/lib/postgresql/15/bin")
TODAY = date(2025, 3, 3)


def _as_postgres(args: list[str]) -> list[str]:
    # The server refuses to run as root; Debian's runuser switches to its own user.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if not (PG_BIN / "initdb").exists():
        pytest.fail(f"{PG_BIN} is missing: install Debian's postgresql (.ci/run does)")
    # Not under pytest's tmp_path: that is private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="faelled-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, port = root / "data", free_port()
    subprocess.run(
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log")]
    subprocess.run(_as_postgres([*start, "-w", "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        stop = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]
        subprocess.run(_as_postgres(stop), check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_the_demo_surveys_score_the_same_on_postgres_and_duckdb(
    postgres_url: str, tmp_path: Path
) -> None:
    duck = Settings(home=tmp_path / "duck")
    pg = Settings(home=tmp_path / "pg", database_url=postgres_url)  # type: ignore[arg-type]
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


def test_a_link_answers_once_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=postgres_url)  # type: ignore[arg-type]
    with database(settings) as db:
        _, rnd = set_up(db, tmp_path, INITIATIVE.replace("id: data-i-jobcentret", "id: pg-link"))
        [token] = issue_tokens(db, rnd, 1, None)
        fields = {"knoster.vision1": "4", "unit": "ydelse"}
        submit(db, catalog(), token, fields, rnd.opens)
        with pytest.raises(Gone):
            submit(db, catalog(), token, fields, rnd.opens)
        assert [r.unit for r in load_responses(db, "pg-link", rnd.number)] == ["ydelse"]
