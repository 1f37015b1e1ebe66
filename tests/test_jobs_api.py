"""Background jobs over the API for a municipality's own users (in process: the job runner is the
server's own thread, the database a real DuckDB file). The CLI's path through a real server is
tested in test_jobs_server.py."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from faelled.access.sessions import issue_token
from faelled.engine import migrate, open_database
from faelled.ingest import list_loads
from faelled.jobs import prepare_ingest
from faelled.settings import Settings
from faelled.web.app import create_app

from .access_fixtures import OPERATOR, cheap_hashing, seed_users  # noqa: F401
from .ingest_helpers import spells, write_csv


def follow(client: TestClient, job: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = client.get(f"/api/v1/jobs/{job['id']}", headers=headers).json()
    return job


def test_a_steward_loads_their_own_delivery_from_the_inbox(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "h")
    with open_database(settings) as db:
        migrate(db)
        seed_users(db)
        steward, _ = issue_token(db, OPERATOR, "steward-851", scopes=["read", "write"])
        other, _ = issue_token(db, OPERATOR, "analyst-101", scopes=["read", "write"])
        analyst, _ = issue_token(db, OPERATOR, "analyst-851", scopes=["read"])
        operator, _ = issue_token(db, OPERATOR, "operator", scopes=["read"])
    delivery = write_csv(settings.home / "inbox" / "851" / "851_2023.csv", spells("851"))
    elsewhere = write_csv(tmp_path / "elsewhere" / "851_2023.csv", spells("851"))
    me = {"Authorization": f"Bearer {steward}"}
    them = {"Authorization": f"Bearer {other}"}
    body = {"kind": "ingest", "dataset": "benefit_spells", "municipality": "Aalborg"}

    with TestClient(create_app(settings)) as client:
        queued = client.post("/api/v1/jobs", json={**body, "paths": [str(delivery)]}, headers=me)
        assert queued.status_code == 202, queued.text
        job = follow(client, queued.json(), me)
        assert (job["status"], job["submitted_by"]) == ("done", "steward-851")
        assert [(r["file"], r["status"], r["rows_accepted"]) for r in job["result"]] == [
            ("851_2023.csv", "loaded", 6)
        ]
        # Only from the municipality's inbox, only for the own municipality, no key figures.
        outside = client.post("/api/v1/jobs", json={**body, "paths": [str(elsewhere)]}, headers=me)
        assert outside.status_code == 400 and "indbakke" in outside.json()["error"]["message"]
        alien = {**body, "municipality": "101", "paths": [str(delivery)]}
        assert client.post("/api/v1/jobs", json=alien, headers=me).status_code == 403
        # Another municipality's rows, smuggled into the own inbox: not loaded as the own.
        smuggled = write_csv(settings.home / "inbox" / "851" / "x.csv", spells("101"))
        queued = client.post("/api/v1/jobs", json={**body, "paths": [str(smuggled)]}, headers=me)
        smuggled_job = follow(client, queued.json(), me)
        (result,) = smuggled_job["result"]
        assert (result["status"], result["rows_accepted"]) == ("rejected", 0), result["message"]
        # The failing rows as written are row-level data: the steward sees them, the operator
        # (who processes but does not read personal data) gets the findings without them.
        assert any(f["sample"] for f in result["report"]["findings"])
        ops = {"Authorization": f"Bearer {operator}"}
        seen = client.get(f"/api/v1/jobs/{smuggled_job['id']}", headers=ops).json()
        (stripped,) = seen["result"]
        assert [f["rule"] for f in stripped["report"]["findings"]] == [
            f["rule"] for f in result["report"]["findings"]
        ]
        assert not any(f["sample"] for f in stripped["report"]["findings"])
        # A colleague in the same municipality sees the job, not the delivered rows: those are
        # read through the loads API with a purpose, and audited.
        colleague = {"Authorization": f"Bearer {analyst}"}
        theirs = client.get(f"/api/v1/jobs/{smuggled_job['id']}", headers=colleague)
        assert theirs.status_code == 200
        assert not any(f["sample"] for f in theirs.json()["result"][0]["report"]["findings"])
        compute = client.post("/api/v1/jobs", json={"kind": "compute"}, headers=me)
        assert compute.status_code == 403
        # Another municipality's analyst neither sees nor reads the job.
        assert client.get(f"/api/v1/jobs/{job['id']}", headers=them).status_code == 403
        assert client.get("/api/v1/jobs", headers=them).json()["count"] == 0
        assert client.get("/api/v1/jobs", headers=me).json()["count"] == 2

    with open_database(settings, read_only=True) as db:
        (load,) = list_loads(db)
    assert (load["municipality"], load["actor"]) == ("851", "steward-851")  # the lineage's who


def test_a_job_does_not_hold_the_connection_the_pages_use(tmp_path: Path) -> None:
    """A job writes through its own connection to the server's database (one DuckDB instance in
    the process), so it neither waits for nor blocks the requests' connection: here it runs to
    the end while a 'request' holds that connection."""
    settings = Settings(home=tmp_path / "h")
    delivery = write_csv(tmp_path / "d" / "147_2023.csv", spells("147"))
    app = create_app(settings)
    with TestClient(app):
        runner = app.state.jobs
        resource, params = prepare_ingest(settings, paths=[str(delivery)], dataset="benefit_spells")
        with app.state.db_lock:  # the pages' connection, busy for the whole job
            job = runner.submit("ingest", resource, params, "test")
            deadline = time.monotonic() + 120
            while job.status in ("queued", "running") and time.monotonic() < deadline:
                time.sleep(0.05)
            assert job.status == "done", job.error
            # ...and the pages' connection sees the committed load at once.
            assert [r["file_name"] for r in list_loads(app.state.db)] == ["147_2023.csv"]
