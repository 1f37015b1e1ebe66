"""`faelled survey …` as a change lead runs it: the real command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import httpx

from faelled.settings import Settings
from faelled.survey.instruments import catalog
from faelled.survey.respond import submit

from .conftest import FAELLED, run_cli, start_server
from .survey_support import database, write_initiative


def test_a_change_lead_sets_up_a_round_and_reads_the_results(home: Path, tmp_path: Path) -> None:
    created = run_cli("survey", "create", str(write_initiative(tmp_path)), home=home)
    assert "Oprettet / created: data-i-jobcentret (4 enheder / units)" in created.stdout
    opened = run_cli(
        "survey", "round", "open", "data-i-jobcentret", "--closes", "2099-12-31", "--links", "3",
        "--base-url", "https://faelled.aalborg.dk", home=home,
    )  # fmt: skip
    links = opened.stdout.splitlines()
    assert len(links) == 3 and len(set(links)) == 3
    assert all(link.startswith("https://faelled.aalborg.dk/survey/r/") for link in links)
    assert "Runde 1 åben til / open until 2099-12-31 (knoster@1, needs@1)" in opened.stderr
    more = run_cli(
        "survey", "round", "links", "data-i-jobcentret", "--links", "2", "--unit", "ydelse",
        home=home,
    )  # fmt: skip
    assert len(more.stdout.splitlines()) == 2

    # One person answers through a printed link.
    with database(Settings(home=home)) as db:
        token = links[0].rsplit("/", 1)[1]
        submit(db, catalog(), token, {"knoster.vision1": "4", "unit": "unge"}, date.today())

    listed = json.loads(run_cli("survey", "list", "--json", home=home).stdout)
    [ini] = listed["values"]
    assert ini["id"] == "data-i-jobcentret" and ini["municipality"]["name"] == "Aalborg"
    assert ini["rounds"][0] | {"opens": None} == {
        "round": 1,
        "title": "Runde 1",
        "opens": None,
        "closes": "2099-12-31",
        "open": True,
        "links": 5,
        "responses": 1,
    }

    results = json.loads(
        run_cli("survey", "results", "data-i-jobcentret", "--json", home=home).stdout
    )
    assert results["round"]["responses"] == 1
    # One respondent: nothing may be shown, not even for the whole initiative.
    assert all(g["suppressed"] for g in results["groups"])
    assert all(r["mean"] is None for r in results["knoster"]["results"])
    assert "charts" not in results
    readable = run_cli("survey", "results", "data-i-jobcentret", home=home).stdout
    assert "Data i jobcentret — runde 1" in readable and "skjult / hidden" in readable


def test_mistakes_are_clear_messages_without_a_traceback(home: Path, tmp_path: Path) -> None:
    missing = run_cli("survey", "results", "nope", home=home, check=False)
    assert missing.returncode == 1
    assert "Ukendt initiativ / unknown initiative: 'nope'" in missing.stderr
    assert "faelled survey create" in missing.stderr and "Traceback" not in missing.stderr
    bad = write_initiative(tmp_path, "id: Not A Slug\ntitle: x\n")
    refused = run_cli("survey", "create", str(bad), home=home, check=False)
    assert refused.returncode == 1 and "initiative.yaml: id:" in refused.stderr
    assert "Traceback" not in refused.stderr
    listed = run_cli("survey", "instruments", "--json", home=home)
    ids = [i["id"] for i in json.loads(listed.stdout)["values"]]
    assert ids == ["changetype", "knoster", "maturity", "mindset", "needs"]


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [FAELLED, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_while_the_server_holds_the_database_the_cli_goes_through_it(
    home: Path, tmp_path: Path
) -> None:
    run_cli("survey", "create", str(write_initiative(tmp_path)), home=home)
    export = tmp_path / "export.csv"
    export.write_text(
        "respondentid;statoverall_4;enhed;knoster_vision1\n"
        + "".join(f"{n};1;ydelse;{3 + n % 2}\n" for n in range(6)),
        encoding="utf-8",
    )
    for server in start_server(home, "serve"):
        env = {**os.environ, "FAELLED_HOME": str(home), "FAELLED_CONFIG": "/nonexistent.toml"}
        # No round yet: the server's error comes back as the same clear message.
        results = _cli(env, "survey", "results", "data-i-jobcentret")
        assert results.returncode == 1 and "har ingen runder endnu" in results.stderr
        # Set-up goes through the server's local-administrator routes.
        opened = _cli(
            env, "survey", "round", "open", "data-i-jobcentret", "--closes", "2099-01-01",
            "--links", "2", "--base-url", server.base_url,
        )  # fmt: skip
        assert opened.returncode == 0, opened.stderr
        links = opened.stdout.split()
        assert len(links) == 2 and links[0].startswith(server.base_url + "/survey/r/")
        assert httpx.get(links[0], timeout=30).status_code == 200  # a working link
        imported = _cli(
            env, "survey", "import", str(export), "--format", "surveyxact",
            "--initiative", "data-i-jobcentret",
        )  # fmt: skip
        assert imported.returncode == 0, imported.stderr
        assert "imported 6 svar i runde 1" in imported.stdout
        listed = json.loads(_cli(env, "survey", "list", "--json").stdout)
        assert listed["values"][0]["rounds"][0]["responses"] == 6
        again = _cli(
            env, "survey", "import", str(export), "--format", "surveyxact",
            "--initiative", "data-i-jobcentret",
        )  # fmt: skip
        assert again.returncode == 1 and "allerede importeret" in again.stderr
        assert "Traceback" not in results.stderr + opened.stderr + again.stderr
        # The public cannot use the set-up routes.
        refused = httpx.post(
            server.base_url + "/api/v1/survey/initiatives/data-i-jobcentret/links",
            json={"links": 5},
            timeout=30,
        )
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
