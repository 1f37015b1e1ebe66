"""DESIGN decision 4, for writes: while `faelled serve` owns the DuckDB file, `faelled ingest` and
`faelled compute` run as background jobs in the server, and the access commands that write go
through its local API — with the same output, exit codes, policy and audit as the local path.
One real server serves the whole module (a server start is slow on two cores)."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import FAELLED, Server, run_cli, start_server
from .ingest_helpers import spells, write_csv


def cli(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FAELLED_CONFIG": "/nonexistent.toml", "FAELLED_HOME": str(home)}
    return subprocess.run(
        [FAELLED, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("jobs") / "faelled-data"
    run_cli("init", home=home)
    yield from start_server(home, "serve")


def token(server: Server) -> dict[str, str]:
    info = json.loads((server.home / "server.json").read_text())
    return {"Authorization": f"Bearer {info['token']}"}


def test_ingest_runs_as_a_job_in_the_server(served: Server, tmp_path: Path) -> None:
    rows = spells(n=4)
    rows[1][4] = "31-02-2023"
    bad = write_csv(tmp_path / "bad" / "101_2023.csv", rows)
    ok = write_csv(tmp_path / "ok" / "147_2023.csv", spells("147"))
    proc = cli("ingest", str(bad), str(ok), "-d", "benefit_spells", home=served.home)
    # The same summary and exit code as a local load: the rejected file fails the command.
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("✗ 101_2023.csv → benefit_spells: AFVIST")
    assert "række 3: start_date='31-02-2023'" in proc.stdout
    assert any(line.startswith("✓ 147_2023.csv → benefit_spells: indlæst") for line in lines)

    listed = json.loads(run_cli("loads", "--json", home=served.home).stdout)
    assert [(ld["file_name"], ld["rows_current"]) for ld in listed] == [("147_2023.csv", 6)]
    (job,) = httpx.get(served.base_url + "/api/v1/jobs", headers=token(served)).json()["values"]
    assert (job["kind"], job["status"], job["submitted_by"]) == (
        "ingest",
        "done",
        getpass.getuser(),
    )
    assert job["progress"] == {"done": 2, "total": 2, "current": "147_2023.csv", "step": "",
                               "rows": 10}  # fmt: skip
    assert [r["status"] for r in job["result"]] == ["rejected", "loaded"]
    # The page's JSON twin, served by the same process, shows the new load at once.
    datasets = httpx.get(served.base_url + "/api/v1/datasets").json()["datasets"]
    (spell_loads,) = [d["loads"] for d in datasets if d["name"] == "benefit_spells"]
    assert (spell_loads["loads"], spell_loads["rows"]) == (1, 6)
    shown = json.loads(
        cli("loads", "show", listed[0]["load_id"], "--json", home=served.home).stdout
    )
    assert shown["report"]["valid"] is True and shown["file_name"] == "147_2023.csv"
    # The same file again: a no-op, as locally.
    again = cli("ingest", str(ok), "-d", "benefit_spells", home=served.home)
    assert (
        again.returncode == 0 and "= 147_2023.csv → benefit_spells: sprunget over" in again.stdout
    )


def test_quarantine_is_read_through_the_server(served: Server, tmp_path: Path) -> None:
    rows = spells("173", n=40)
    rows[7][3] = "kontanthjaelp"  # not the allowed spelling: quarantined, the rest loads
    path = write_csv(tmp_path / "173_2023.csv", rows)
    loaded = cli("ingest", str(path), "-d", "benefit_spells", "--json", home=served.home)
    [result] = json.loads(loaded.stdout)
    assert (result["status"], result["rows_quarantined"]) == ("quarantined", 1), loaded.stderr
    counts = json.loads(cli("quarantine", "--json", home=served.home).stdout)
    assert [(c["load_id"], c["rule"], c["rows"]) for c in counts] == [
        (result["load_id"], "forbidden-value", 1)
    ]
    # The rows are personal data: only on behalf of the municipality's analyst, with a purpose.
    refused = cli("quarantine", "show", result["load_id"], home=served.home)
    assert refused.returncode != 0 and "--user" in refused.stderr
    assert "Traceback" not in refused.stderr
    added = cli(
        "users", "add", "ana-173", "--role", "analyst", "-m", "173", "--password-stdin",
        home=served.home, stdin="a long test password\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    shown = cli(
        "quarantine", "show", result["load_id"], "--user", "ana-173", "--purpose", "rette fejl",
        home=served.home,
    )  # fmt: skip
    assert shown.stdout.startswith("række 9: forbidden-value"), shown.stderr
    report = cli("loads", "show", result["load_id"], "--json", home=served.home).stdout
    assert "kontanthjaelp" not in report  # the sample is stripped without a purpose


def test_a_path_the_server_cannot_read_is_a_clear_error(served: Server, tmp_path: Path) -> None:
    proc = cli("ingest", str(tmp_path / "nowhere.csv"), "-d", "benefit_spells", home=served.home)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "findes ikke på serveren / does not exist on the server" in proc.stderr
    assert str(tmp_path / "nowhere.csv") in proc.stderr
    unknown = cli("ingest", str(tmp_path), "-d", "no_such_dataset", home=served.home)
    assert unknown.returncode == 1 and "Ukendt datasæt / unknown dataset" in unknown.stderr


def test_compute_runs_as_a_job_in_the_server(served: Server) -> None:
    proc = cli("compute", home=served.home)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip().endswith("nøgletal beregnet / computed.")
    assert "værdier" in proc.stdout or "sprunget over" in proc.stdout
    # A job that fails in the server gives its clear message and exit code 1, no traceback.
    wrong = cli("compute", "--engine", "postgres", home=served.home)
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert "Databasen er duckdb, ikke postgres" in wrong.stderr
    jobs = httpx.get(served.base_url + "/api/v1/jobs", headers=token(served)).json()["values"]
    assert jobs[0]["status"] == "failed" and jobs[0]["error"]["code"] == "settings"
    assert jobs[1]["status"] == "done" and jobs[1]["result"]["kpis"]


def test_access_writes_go_through_the_server_audited(served: Server) -> None:
    home = served.home
    added = cli("users", "add", "job-analytiker", "--role", "analyst", "-m", "København",
                "--password-stdin", home=home, stdin="korrekt hest batteri\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Oprettet / added: job-analytiker (analyst, 101)" in added.stdout
    assert cli("users", "disable", "job-analytiker", home=home).returncode == 0
    reset = cli("users", "reset-password", "job-analytiker", "--password-stdin", home=home,
                stdin="en anden lang kode\n")  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    assert cli("users", "role", "job-analytiker", "steward", home=home).stdout.strip() == (
        "job-analytiker: steward"
    )
    users = json.loads(cli("users", "list", "--json", home=home).stdout)
    assert [(u["disabled"], u["role"]) for u in users if u["username"] == "job-analytiker"] == [
        (True, "steward")
    ]
    issued = cli("users", "token", "job-analytiker", "--label", "test", home=home)
    assert issued.returncode == 0 and "shown only once" in issued.stderr, issued.stderr
    token_id = issued.stderr.split()[1]
    assert cli("users", "revoke-token", token_id, home=home).returncode == 0
    listed = cli("users", "tokens", "job-analytiker", home=home).stdout
    assert listed.startswith(f"{token_id}\tread\trevoked\ttest")
    # The library's checks speak through the API with their own words.
    dup = cli("users", "add", "job-analytiker", "--role", "analyst", "-m", "101",
              "--password-stdin", home=home, stdin="korrekt hest batteri\n")  # fmt: skip
    assert dup.returncode == 1 and "Traceback" not in dup.stderr and "job-analytiker" in dup.stderr

    agreement = cli("agreements", "add", "-m", "Aalborg", "--kind", "tilslutningsaftale",
                    "--signed", "2025-01-01", "--domain", "employment", home=home)  # fmt: skip
    assert agreement.returncode == 0 and "Registreret / registered:" in agreement.stdout
    bad = cli("agreements", "add", "-m", "Aalborg", "--kind", "tilslutningsaftale",
              "--signed", "2025-01-01", "--domain", "astrology", home=home)  # fmt: skip
    assert bad.returncode == 1 and "astrology" in bad.stderr and "Traceback" not in bad.stderr

    retention = cli("retention", "apply", "--today", "2025-06-01", home=home)
    assert retention.returncode == 0, retention.stderr
    assert "benefit_spells: 0 rækker / rows slettet / deleted (year < 2015)" in retention.stdout

    me = f"cli:{getpass.getuser()}"
    audit = cli("audit", "list", "--limit", "20", home=home).stdout.splitlines()
    events = [(line.split("\t")[2], line.split("\t")[3]) for line in audit]
    assert ("user_change", me) in events and ("agreement_change", me) in events
    assert ("retention", me) in events
    changes = [line for line in audit if "job-analytiker" in line]
    assert [json.loads(c.split("\t")[5])["change"] for c in changes] == [
        "token_revoked", "token_issued", "role", "password_reset", "disabled", "added"
    ]  # fmt: skip
    verified = json.loads(cli("audit", "verify", "--json", home=home).stdout)
    assert verified["ok"] is True


def test_a_server_file_of_a_server_that_does_not_answer(tmp_path: Path) -> None:
    """A live process named in server.json that is no Fælled server: a clear message, no
    traceback, and the database untouched (the CLI does not fall back behind its back)."""
    home = tmp_path / "h"
    run_cli("init", home=home)
    (home / "server.json").write_text(
        json.dumps({"pid": os.getpid(), "url": "http://127.0.0.1:9", "token": "x"})
    )
    path = write_csv(tmp_path / "d" / "147_2023.csv", spells("147"))
    proc = cli("ingest", str(path), "-d", "benefit_spells", home=home)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "svarer ikke / the server does not answer" in proc.stderr
    assert "faelled serve" in proc.stderr


def test_a_dead_servers_file_is_ignored_and_the_cli_works_locally(tmp_path: Path) -> None:
    home = tmp_path / "h"
    run_cli("init", home=home)
    (home / "server.json").write_text(
        json.dumps({"pid": 2**22 + 12345, "url": "http://127.0.0.1:1", "token": "x"})
    )
    path = write_csv(tmp_path / "d" / "147_2023.csv", spells("147"))
    proc = cli("ingest", str(path), "-d", "benefit_spells", home=home)
    assert proc.returncode == 0 and "✓ 147_2023.csv → benefit_spells: indlæst" in proc.stdout
    added = cli("users", "add", "lokal", "--role", "operator", "--password-stdin",
                home=home, stdin="korrekt hest batteri\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "lokal" in cli("audit", "list", home=home).stdout
