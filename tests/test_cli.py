from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from faelled import __version__

from .conftest import run_cli


def test_version() -> None:
    assert run_cli("--version").stdout.strip() == f"faelled {__version__}"


def test_municipalities_json_lists_98_in_five_regions() -> None:
    data = json.loads(run_cli("municipalities", "--json").stdout)
    assert data["count"] == 98 and len(data["values"]) == 98
    regions = Counter(v["region"]["id"] for v in data["values"])
    assert [regions[c] for c in ("1081", "1082", "1083", "1084", "1085")] == [11, 19, 22, 29, 17]


def test_municipalities_table() -> None:
    lines = run_cli("municipalities").stdout.splitlines()
    assert len(lines) == 98
    assert lines[0].split("\t")[:2] == ["101", "København"]


def test_resolve_prints_name_tab_code() -> None:
    out = run_cli("municipalities", "resolve", "koebenhavn", "Nordfyn", "Hele landet").stdout
    assert out.splitlines() == ["koebenhavn\t101", "Nordfyn\t480", "Hele landet\t000"]


def test_resolve_unknown_is_a_clear_error_with_candidates() -> None:
    proc = run_cli("municipalities", "resolve", "aalborg", "Aalborgg", check=False)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == ["aalborg\t851"]
    assert "Aalborgg" in proc.stderr and "Aalborg (851)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_info_on_an_empty_home_then_after_init(home: Path) -> None:
    empty = json.loads(run_cli("info", "--json", home=home).stdout)
    assert empty["tables"] == {} and empty["version"] == __version__
    assert not home.exists()  # info only reads
    run_cli("init", home=home)
    built = json.loads(run_cli("info", "--json", home=home).stdout)
    assert built["engine"] == "duckdb"
    assert built["schema_version"] >= 1
    assert built["tables"]["ref_municipalities"] == 98
    assert (home / "faelled.duckdb").exists()
    # Twice is fine: init applies only what is missing.
    assert "0 migrering" in run_cli("init", home=home).stdout


def test_database_url_secret_never_prints(home: Path) -> None:
    import os
    import subprocess

    from .conftest import FAELLED

    env = {
        **os.environ,
        "FAELLED_HOME": str(home),
        "FAELLED_DATABASE_URL": "postgresql://analyst:hemmeligt@127.0.0.1:1/none",
    }
    proc = subprocess.run([FAELLED, "info"], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 1
    assert "hemmeligt" not in proc.stdout + proc.stderr
    assert "analyst:***@" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_usage_error_is_a_message_not_a_traceback() -> None:
    proc = run_cli("municipalities", "show", "101", check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "No such command 'show'" in proc.stderr
    proc = run_cli("kpi", "show", check=False)
    assert proc.returncode == 2 and "Missing argument 'ID'" in proc.stderr
