"""DESIGN decision 4, for every read and the remaining writes: while `faelled serve` owns the
DuckDB file, `faelled kpi show|values|search|import-catalogue`, `peers`, `benchmark`, `audit
export`, `init` and the survey commands go through the server and print exactly what they print on
the file once the server has stopped — text, `--json`, errors and exit codes alike.

One real server for the module (a start is slow on two cores): every command runs once while it
serves and once on the same home after it stopped, and the two runs are compared."""

from __future__ import annotations

import getpass
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from faelled.settings import Settings

from .conftest import FAELLED, PUBLIC, start_server
from .survey_support import write_initiative
from .web_commons import copy

KPI = "ex_benefit_share"
KOLADA = PUBLIC / "kolada" / "rkolada_kpi_metadata.csv"
WEIGHTS = ("--indicator", "urban_share=2", "--indicator", "non_western_share")
PEERS_WEIGHTED = ("peers", "Aarhus", "--json", *WEIGHTS)

# Each runs twice; the catalogue import first, so the searches after it see its entries.
COMMANDS: list[tuple[str, ...]] = [
    ("init",),
    ("kpi", "import-catalogue", str(KOLADA)),
    ("kpi", "show", KPI, "--municipality", "101"),
    ("kpi", "show", KPI, "--municipality", "Læsø", "--json"),
    ("kpi", "values", KPI),
    ("kpi", "values", KPI, "--period", "2020", "--sep", ","),
    ("kpi", "values", "ex_draft_youth_share"),
    ("kpi", "values", "no_such_kpi"),
    ("kpi", "search", "hemtjänst", "--json"),
    # Not "andel": two key figures share a title there, and the catalogue's order of ties
    # varies with Python's string hashing from run to run, on the file alone too.
    ("kpi", "search", "nettodriftsudgift", "--limit", "5"),
    ("peers", "101"),
    PEERS_WEIGHTED,
    ("peers", "101", "--indicator", "no_such_indicator"),
    ("benchmark", "101", "--kpi", KPI),
    ("benchmark", "Høje-Taastrup", "--kpi", KPI, "--period", "2022", "--json"),
    ("benchmark", "101", "--kpi", KPI, "--period", "1900"),
    ("survey", "list", "--json"),
]


def cli(*args: str, home: Path, content: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "FAELLED_CONFIG": "/nonexistent.toml",
        "FAELLED_HOME": str(home),
        "FAELLED_CONTENT_DIR": str(content),
    }
    return subprocess.run(
        [FAELLED, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


Run = tuple[int, str, str]


@pytest.fixture(scope="module")
def runs(
    web_commons: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, dict[tuple[str, ...], Run]]]:
    root = tmp_path_factory.mktemp("cli-server")
    settings = copy(web_commons, root)
    home, content = settings.home, settings.content_dir
    assert content is not None
    initiative = write_initiative(root)
    out: dict[str, dict[tuple[str, ...], Run]] = {"served": {}, "local": {}}

    def run_all(where: str) -> None:
        for args in COMMANDS:
            p = cli(*args, home=home, content=content)
            out[where][args] = (p.returncode, p.stdout, p.stderr)
        p = cli("audit", "export", "--format", "json", home=home, content=content)
        out[where][("audit", "export")] = (p.returncode, p.stdout, p.stderr)

    server = start_server(home, "serve", env={"FAELLED_CONTENT_DIR": str(content)})
    base = next(server).base_url
    created = cli("survey", "create", str(initiative), home=home, content=content)
    assert created.returncode == 0, created.stderr
    run_all("served")
    p = cli("demo", "--no-serve", home=home, content=content)
    out["served"][("demo",)] = (p.returncode, p.stdout, p.stderr)
    # Without the local token the routes answer no one: they are the operator's.
    out["anonymous"] = {
        ("get", path): (httpx.get(base + path).status_code, "", "")
        for path in (
            f"/api/v1/system/kpis/{KPI}/values/101",
            f"/api/v1/system/kpis/{KPI}/public-values",
            "/api/v1/system/catalogue",
            "/api/v1/system/peers/101",
            f"/api/v1/system/benchmark?municipality=101&kpi={KPI}",
        )
    }
    for path, body in (
        ("/api/v1/system/catalogue", {"source": "kolada", "entries": []}),
        ("/api/v1/system/audit/export", {}),
    ):
        out["anonymous"][("post", path)] = (httpx.post(base + path, json=body).status_code, "", "")
    server.close()  # stops the server: its finally terminates the process
    assert not (home / "server.json").exists()
    run_all("local")
    yield out


def test_the_demo_says_to_stop_the_server(runs: dict[str, dict[tuple[str, ...], Run]]) -> None:
    rc, _, err = runs["served"][("demo",)]
    assert rc == 1 and "kan ikke køre, mens serveren" in err and "Stop 'faelled serve'" in err
    assert "Traceback" not in err


def test_the_routes_need_the_local_token(runs: dict[str, dict[tuple[str, ...], Run]]) -> None:
    assert {k: v[0] for k, v in runs["anonymous"].items()} == dict.fromkeys(runs["anonymous"], 403)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_same_output_through_the_server_as_on_the_file(
    runs: dict[str, dict[tuple[str, ...], Run]], args: tuple[str, ...]
) -> None:
    served, local = runs["served"][args], runs["local"][args]
    assert "Traceback" not in served[2] and "bruges af en anden proces" not in served[2]
    assert served == local


def test_the_runs_show_real_answers(runs: dict[str, dict[tuple[str, ...], Run]]) -> None:
    """The comparison above would also pass if both runs failed alike: pin what they say."""
    served = runs["served"]
    assert served[("kpi", "import-catalogue", str(KOLADA))][1].startswith("6099 nøgletal")
    search = json.loads(served[("kpi", "search", "hemtjänst", "--json")][1])
    assert search["count"] == 20 and {v["source"] for v in search["values"]} == {"kolada"}
    rc, text, _ = served[("kpi", "values", KPI)]
    rows = text.splitlines()
    assert rc == 0 and rows[0] == "kommunekode;value" and len(rows) == 99
    # Læsø is below the suppression rule: empty in the CSV, as the public sees it.
    assert "825;" in rows
    shown = json.loads(served[("kpi", "show", KPI, "--municipality", "Læsø", "--json")][1])
    assert shown["municipality"] == "825" and len(shown["values"]) == 6
    rc, _, err = served[("kpi", "values", "no_such_kpi")]
    assert rc == 1 and "Ukendt nøgletal" in err
    peers = json.loads(served[PEERS_WEIGHTED][1])
    assert len(peers["members"]) == 10 and all(m["distance"] is not None for m in peers["members"])
    rc, text, _ = served[("benchmark", "101", "--kpi", KPI)]
    assert rc == 0 and text.startswith(f"{KPI} · ")
    assert served[("benchmark", "101", "--kpi", KPI, "--period", "1900")][0] == 1
    (initiative,) = json.loads(served[("survey", "list", "--json")][1])["values"]
    assert initiative["id"] == "data-i-jobcentret"


def test_audit_export_through_the_server_is_audited_as_the_cli_user(
    runs: dict[str, dict[tuple[str, ...], Run]],
) -> None:
    served = runs["served"][("audit", "export")]
    local = runs["local"][("audit", "export")]
    assert served[0] == local[0] == 0, served[2]
    before, after = json.loads(served[1]), json.loads(local[1])
    # The local export, later, shows everything the served one did, then the served export's
    # own entry (and the catalogue import's, survey set-up's … whatever came after).
    assert after[: len(before)] == before
    exports = [e for e in after[len(before) :] if e["event"] == "export"]
    assert exports[0]["actor_user"] == f"cli:{getpass.getuser()}"
    assert exports[0]["detail"]["rows"] == len(before)
