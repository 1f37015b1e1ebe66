"""While `faelled demo` serves the DuckDB file, the access commands that read go through the
server's local API (DESIGN decision 4): the demo commons' users, agreements and audit chain."""

from __future__ import annotations

import json

from .conftest import Server, run_cli


def test_the_cli_reads_access_state_through_the_running_server(demo_server: Server) -> None:
    users = json.loads(run_cli("users", "list", "--json", home=demo_server.home).stdout)
    assert {(u["username"], u["role"]) for u in users} >= {
        ("operatoer", "operator"),
        ("aalborg-dataansvarlig", "steward"),
        ("kbh-analytiker", "analyst"),
    }
    aalborg = json.loads(
        run_cli("agreements", "list", "-m", "Aalborg", "--json", home=demo_server.home).stdout
    )
    assert sorted(a["kind"] for a in aalborg) == ["databehandleraftale", "tilslutningsaftale"]
    verified = json.loads(run_cli("audit", "verify", "--json", home=demo_server.home).stdout)
    assert verified["ok"] is True and verified["rows"] >= 16  # 9 users and 7 agreements added


def test_no_cpr_like_value_in_the_demo_commons_database_or_logs(demo_server: Server) -> None:
    """The demo commons after `faelled demo` (its ingest included, once ingest builds the demo's
    tables): no table, log or file under FAELLED_HOME holds anything shaped like a CPR number.
    The generated source extracts hold them by nature and are not Fælled's state."""
    proc = run_cli("audit", "scan", home=demo_server.home, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "no CPR-like values" in proc.stdout
