"""Signing in over the web, CSRF, security headers, row reads with a purpose and the data-subject
access report, through the real app."""

from __future__ import annotations

import json
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from faelled.access.audit import AuditLog
from faelled.access.sessions import issue_token
from faelled.settings import Settings
from faelled.web.app import create_app

from .access_fixtures import (
    ALICE_CPR,
    CARL_CPR,
    OPERATOR,
    PASSWORD,
    cheap_hashing,  # noqa: F401
    pseudonymise,
    seeded,
)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    seeded(settings)
    app = create_app(settings)
    app.state.pseudonymise = pseudonymise
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def _form_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no CSRF token"
    return match[1]


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    token = _form_token(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    csrf: str = client.get("/api/v1/me").json()["csrf_token"]
    return csrf


def test_every_response_has_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/v1/municipalities", "/login", "/nowhere"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in headers  # only over TLS


def test_the_api_docs_allow_exactly_their_own_inline_script(client: TestClient) -> None:
    r = client.get("/api/docs")
    csp = r.headers["content-security-policy"]
    assert re.search(r"script-src 'self' 'sha256-[A-Za-z0-9+/=]+';", csp)
    assert "unsafe-eval" not in csp


def test_signing_in_sets_a_safe_cookie_over_tls(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        token = _form_token(client.get("/login").text)
        r = client.post(
            "/login",
            data={"username": "steward-851", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/forvaltning"
        cookie = next(c for c in r.headers.get_list("set-cookie") if "faelled_session" in c)
        assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie
        assert "strict-transport-security" in r.headers


def test_signing_in_over_plain_http_has_no_secure_flag(client: TestClient) -> None:
    token = _form_token(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": "steward-851", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = next(c for c in r.headers.get_list("set-cookie") if "faelled_session" in c)
    assert "HttpOnly" in cookie and "Secure" not in cookie


def test_a_login_form_without_its_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    r = client.post("/login", data={"username": "steward-851", "password": PASSWORD})
    assert r.status_code == 403
    assert "Formularen er udløbet" in r.text


def test_a_wrong_password_shows_the_login_page_again_in_danish(client: TestClient) -> None:
    token = _form_token(client.get("/login").text)
    r = client.post(
        "/login", data={"username": "steward-851", "password": "x", "csrf_token": token}
    )
    assert r.status_code == 401
    assert "Forkert brugernavn eller adgangskode" in r.text
    assert 'value="steward-851"' in r.text


def test_logins_from_one_address_are_rate_limited(client: TestClient) -> None:
    token = _form_token(client.get("/login").text)
    statuses = [
        client.post(
            "/login", data={"username": f"u{i}", "password": "x", "csrf_token": token}
        ).status_code
        for i in range(11)
    ]
    assert statuses == [401] * 10 + [429]
    r = client.post("/login", data={"username": "u", "password": "x", "csrf_token": token})
    assert int(r.headers["retry-after"]) > 0


def test_the_next_address_stays_on_this_site(client: TestClient) -> None:
    token = _form_token(client.get("/login").text)
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        r = client.post(
            "/login",
            data={
                "username": "viewer-851",
                "password": PASSWORD,
                "csrf_token": token,
                "next": evil,
            },
            follow_redirects=False,
        )
        assert r.headers["location"] == "/forvaltning"
        client.cookies.clear()
        token = _form_token(client.get("/login").text)


def test_logging_out_ends_the_session(client: TestClient) -> None:
    csrf = sign_in(client, "viewer-851")
    session = client.cookies["faelled_session"]
    assert (
        client.post("/logout", headers={"X-CSRF-Token": csrf}, follow_redirects=False).status_code
        == 303
    )
    client.cookies.set("faelled_session", session)
    assert client.get("/api/v1/me").status_code == 403


def test_a_signed_in_post_without_the_csrf_header_is_refused(client: TestClient) -> None:
    sign_in(client, "steward-851")
    body = {
        "municipality": "851",
        "kind": "tilslutningsaftale",
        "signed": "2025-01-01",
        "domains": ["schools"],
    }
    assert client.post("/api/v1/agreements", json=body).status_code == 403
    wrong = client.post("/api/v1/agreements", json=body, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403


def test_api_tokens_need_no_csrf_and_keep_to_their_scopes(app: FastAPI, client: TestClient) -> None:
    with app.state.db_lock:
        reader, _ = issue_token(app.state.db, OPERATOR, "steward-851", scopes=["read"])
        writer, _ = issue_token(app.state.db, OPERATOR, "steward-851", scopes=["read", "write"])
    body = {
        "municipality": "851",
        "kind": "tilslutningsaftale",
        "signed": "2025-01-01",
        "domains": ["schools"],
    }
    r = client.post("/api/v1/agreements", json=body, headers={"Authorization": f"Bearer {reader}"})
    assert r.status_code == 403
    r = client.post("/api/v1/agreements", json=body, headers={"Authorization": f"Bearer {writer}"})
    assert r.status_code == 201
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {writer}"}).json()
    assert me["scopes"] == ["read", "write"] and me["csrf_token"] is None
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer fld_nope_nope"})
    assert bad.status_code == 403


def test_a_page_asks_the_public_to_sign_in_and_comes_back(client: TestClient) -> None:
    r = client.get("/forvaltning/log", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/forvaltning/log"
    assert client.get("/api/v1/audit").json()["error"]["code"] == "forbidden"


def test_row_reads_need_a_purpose_and_are_audited(app: FastAPI, client: TestClient) -> None:
    sign_in(client, "analyst-851")
    assert client.get("/api/v1/rows/benefit_spells/851").status_code == 422
    r = client.get("/api/v1/rows/benefit_spells/851", params={"purpose": "tjek af levering"})
    assert r.status_code == 200
    assert {row["municipality"] for row in r.json()["values"]} == {"851"}
    assert r.json()["count"] == 3
    csv = client.get(
        "/api/v1/rows/benefit_spells/851", params={"purpose": "tjek af levering", "format": "csv"}
    )
    assert csv.text.startswith("person_id,municipality,year")
    with app.state.db_lock:
        entries = AuditLog(app.state.db).entries(limit=3)
    assert [(e.event, e.purpose) for e in entries] == [
        ("export", "tjek af levering"),
        ("row_read", "tjek af levering"),
        ("row_read", "tjek af levering"),
    ]


def test_the_steward_adds_and_ends_an_agreement_on_the_page(client: TestClient) -> None:
    csrf = sign_in(client, "steward-851")
    page = client.get("/forvaltning/aftaler")
    assert page.status_code == 200 and "tilslutningsaftale" in page.text
    r = client.post(
        "/forvaltning/aftaler",
        data={
            "csrf_token": csrf,
            "municipality": "Aalborg",
            "kind": "databehandleraftale",
            "signed": "2025-03-01",
            "processor": "KOMBIT",
            "sub_processors": "Drift A/S, Backup ApS",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    listed = client.get("/api/v1/agreements").json()["values"]
    new = next(a for a in listed if a["processor"] == "KOMBIT")
    assert new["sub_processors"] == ["Drift A/S", "Backup ApS"]
    r = client.post(
        f"/forvaltning/aftaler/{new['id']}/afslut",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    ended = next(
        a for a in client.get("/api/v1/agreements").json()["values"] if a["id"] == new["id"]
    )
    assert ended["valid_to"] is not None


def _ingest_lineage(app: FastAPI) -> None:
    """Rows in ingest's own tables: a load's lineage, and a quarantined row about Alice."""
    import pyarrow as pa

    from faelled.ingest.store import SCHEMAS

    def put(table: str, rows: list[dict[str, object]]) -> None:
        schema = SCHEMAS[table].to_pyarrow()
        full = [{name: row.get(name) for name in schema.names} for row in rows]
        app.state.db.backend.insert(table, pa.Table.from_pylist(full, schema=schema))

    with app.state.db_lock:
        put(
            "loads",
            [
                {"load_id": "load-1", "dataset": "benefit_spells", "municipality": "851",
                 "file_name": "851_2024.csv", "status": "accepted"},
                {"load_id": "load-q", "dataset": "benefit_spells", "municipality": "851",
                 "file_name": "851_2025.csv", "status": "accepted"},
                {"load_id": "load-k", "dataset": "benefit_spells", "municipality": "101",
                 "file_name": "101_2025.csv", "status": "accepted"},
            ],
        )  # fmt: skip
        record = json.dumps({"person_id": pseudonymise(ALICE_CPR), "benefit": "?"})
        put(
            "quarantine",
            [
                {"load_id": "load-q", "dataset": "benefit_spells", "row_number": 7,
                 "reasons": "allowed-values", "record": record},
                {"load_id": "load-k", "dataset": "benefit_spells", "row_number": 3,
                 "reasons": "allowed-values", "record": record},  # another municipality's load
            ],
        )  # fmt: skip


def test_the_subject_access_report(app: FastAPI, client: TestClient, home: Path) -> None:
    _ingest_lineage(app)
    # An analyst reads Aalborg's rows first: an access that touched Alice's rows.
    sign_in(client, "analyst-851")
    client.get("/api/v1/rows/benefit_spells/851", params={"purpose": "kvalitetstjek"})
    client.cookies.clear()
    csrf = sign_in(client, "steward-851")
    report = client.post(
        "/api/v1/subject-access", json={"cpr": ALICE_CPR}, headers={"X-CSRF-Token": csrf}
    ).json()
    (spells,) = report["datasets"]
    assert spells["dataset"] == "benefit_spells"
    assert sorted(r["benefit"] for r in spells["rows"]) == ["kontanthjælp", "sygedagpenge"]
    assert [load["load_id"] for load in spells["loads"]] == ["load-1", "load-2"]
    assert spells["loads"][0]["file_name"] == "851_2024.csv"  # lineage from ingest's ledger
    assert [(q["load_id"], q["row_number"]) for q in report["quarantined"]] == [("load-q", 7)]
    assert [(a["event"], a["actor_user"], a["purpose"]) for a in report["accesses"]] == [
        ("row_read", "analyst-851", "kvalitetstjek")
    ]
    # København's citizen is not in Aalborg's report; the steward cannot see other municipalities.
    other = client.post(
        "/api/v1/subject-access", json={"cpr": CARL_CPR}, headers={"X-CSRF-Token": csrf}
    ).json()
    assert other["datasets"] == []
    # The page shows the same, and the JSON download is a file.
    page = client.post("/forvaltning/indsigt", data={"cpr": ALICE_CPR, "csrf_token": csrf})
    assert "kontanthjælp" in page.text and "analyst-851" in page.text
    download = client.post("/forvaltning/indsigt.json", data={"cpr": ALICE_CPR, "csrf_token": csrf})
    assert "attachment" in download.headers["content-disposition"]
    assert json.loads(download.text)["subject"] == pseudonymise(ALICE_CPR)
    # A bad number is refused without repeating it.
    bad = client.post(
        "/api/v1/subject-access", json={"cpr": "991399-0000"}, headers={"X-CSRF-Token": csrf}
    )
    assert bad.status_code == 400 and "991399" not in bad.text


def test_no_cpr_number_is_stored_or_logged(app: FastAPI, client: TestClient, home: Path) -> None:
    csrf = sign_in(client, "steward-851")
    for cpr in (ALICE_CPR, CARL_CPR):
        client.post("/api/v1/subject-access", json={"cpr": cpr}, headers={"X-CSRF-Token": csrf})
    digits = [c.replace("-", "") for c in (ALICE_CPR, CARL_CPR)]
    with app.state.db_lock:
        db = app.state.db
        for table in db.tables():
            text = json.dumps(db.table(table).to_pyarrow().to_pylist(), default=str)
            for cpr, plain in zip((ALICE_CPR, CARL_CPR), digits, strict=True):
                assert cpr not in text and plain not in text, f"a CPR number is in {table}"
        entries = AuditLog(db).entries(event="subject_access")
    assert {json.loads(e.detail)["subject"] for e in entries} == {
        pseudonymise(c) for c in (ALICE_CPR, CARL_CPR)
    }
    for path in home.rglob("*"):
        if path.is_file() and path.suffix != ".duckdb":
            content = path.read_bytes()
            assert all(d.encode() not in content for d in digits), path


def test_without_the_pseudonym_function_there_is_no_report(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never a false "no data about you": without ingest's pseudonymiser the report is refused."""
    seeded(settings)
    monkeypatch.setitem(sys.modules, "faelled.ingest.pseudonym", None)  # as if not installed
    with TestClient(create_app(settings)) as client:
        csrf = sign_in(client, "steward-851")
        r = client.post(
            "/api/v1/subject-access", json={"cpr": ALICE_CPR}, headers={"X-CSRF-Token": csrf}
        )
    assert r.status_code == 503 and r.json()["error"]["code"] == "not_available"


def test_the_report_uses_ingests_pseudonymiser_when_installed(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Pseudonymiser:  # ingest's interface: Pseudonymiser.for_settings(settings).pseudonym
        @classmethod
        def for_settings(cls, _: Settings) -> Pseudonymiser:
            return cls()

        def pseudonym(self, cpr: str) -> str:
            return pseudonymise(cpr)

    module = types.ModuleType("faelled.ingest.pseudonym")
    module.Pseudonymiser = Pseudonymiser  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "faelled.ingest.pseudonym", module)
    seeded(settings)
    with TestClient(create_app(settings)) as client:
        csrf = sign_in(client, "steward-851")
        r = client.post(
            "/api/v1/subject-access", json={"cpr": ALICE_CPR}, headers={"X-CSRF-Token": csrf}
        )
    assert [d["dataset"] for d in r.json()["datasets"]] == ["benefit_spells"]


def test_a_dataset_that_cannot_be_searched_is_named_not_skipped(
    app: FastAPI, client: TestClient
) -> None:
    """A table without the municipality column cannot be narrowed to the steward's own rows:
    the report names it instead of silently leaving it out (or showing others' rows)."""
    import pyarrow as pa

    from faelled.catalog.contracts import load_contracts

    other = next(
        c for c in load_contracts().values() if c.identifier_columns and c.name != "benefit_spells"
    )
    with app.state.db_lock:
        app.state.db.backend.create_table(
            other.name, pa.table({other.identifier_columns[0].name: [pseudonymise(ALICE_CPR)]})
        )
    csrf = sign_in(client, "steward-851")
    report = client.post(
        "/api/v1/subject-access", json={"cpr": ALICE_CPR}, headers={"X-CSRF-Token": csrf}
    ).json()
    assert other.name in [u["dataset"] for u in report["unsearched"]]
    assert [d["dataset"] for d in report["datasets"]] == ["benefit_spells"]
    page = client.post("/forvaltning/indsigt", data={"cpr": ALICE_CPR, "csrf_token": csrf})
    assert "Kunne ikke gennemsøges" in page.text and other.name in page.text
