"""Every route × every role × own / other municipality, each with its expected answer.

The matrix lists every route the app has: a new route fails `test_the_matrix_lists_every_route`
until its expected answers are written down here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount

from faelled.access import users
from faelled.access.sessions import create_session, issue_token
from faelled.settings import Settings
from faelled.web.app import create_app

from .access_fixtures import (
    ALICE_CPR,
    OTHER,
    OWN,
    ROLES,
    pseudonymise,
    seeded,
    survey_definition,
    username,
)
from .web_commons import DRAFT, copy

KPI = "ex_benefit_share"  # a published key figure of the web tests' commons (employment)


def everyone(status: int) -> dict[str, tuple[int, int]]:
    return {role: (status, status) for role in ROLES}


def expect(
    default: int | tuple[int, int], **roles: int | tuple[int, int]
) -> dict[str, tuple[int, int]]:
    def pair(v: int | tuple[int, int]) -> tuple[int, int]:
        return v if isinstance(v, tuple) else (v, v)

    return {role: pair(roles.get(role, default)) for role in ROLES}


@dataclass(frozen=True)
class Case:
    url: str  # {m}: the municipality (own or other); {agreement}, {token}: one of its
    expected: dict[str, tuple[int, int]]  # role → (status for own, status for other)
    json: dict[str, Any] | None = None
    form: dict[str, Any] = field(default_factory=dict)


SIGNED_IN = expect(200, public=403)
OWN_ONLY = (200, 403)
PAGE_SIGN_IN = 303  # a page that needs a signed-in user sends the public to /login
AGREEMENT = {
    "municipality": "{m}",
    "kind": "tilslutningsaftale",
    "signed": "2025-06-01",
    "domains": ["schools"],
    "embargo_days": 10,
}

MATRIX: dict[tuple[str, str], Case] = {
    # The open API and the pages of the public dashboard: the same for everyone.
    ("GET", "/api/openapi.json"): Case("/api/openapi.json", everyone(200)),
    ("GET", "/api/docs"): Case("/api/docs", everyone(200)),
    ("GET", "/docs/oauth2-redirect"): Case("/docs/oauth2-redirect", everyone(200)),
    ("MOUNT", "/api/docs-static"): Case("/api/docs-static/swagger-ui.css", everyone(200)),
    ("GET", "/api/v1/municipalities"): Case("/api/v1/municipalities", everyone(200)),
    ("GET", "/api/v1/municipalities/{code}"): Case("/api/v1/municipalities/{m}", everyone(200)),
    ("GET", "/api/v1/regions"): Case("/api/v1/regions", everyone(200)),
    ("GET", "/api/v1/groups"): Case("/api/v1/groups", everyone(200)),
    ("GET", "/api/v1/home"): Case("/api/v1/home", everyone(200)),
    ("GET", "/api/v1/boundaries"): Case("/api/v1/boundaries", everyone(200)),
    ("GET", "/"): Case("/", everyone(200)),
    ("GET", "/kommune"): Case("/kommune?q={m}", everyone(303)),
    ("GET", "/kommune/{code}"): Case("/kommune/{m}", everyone(200)),
    ("GET", "/favicon.ico"): Case("/favicon.ico", everyone(301)),
    ("GET", "/static/vendor/vega.js"): Case("/static/vendor/vega.js", everyone(200)),
    ("MOUNT", "/static"): Case("/static/faelled.css", everyone(200)),
    # Installation status: only the CLI beside the server, with the local token.
    ("GET", "/api/v1/system/info"): Case("/api/v1/system/info", everyone(403)),
    ("GET", "/api/v1/system/audit/verify"): Case("/api/v1/system/audit/verify", everyone(403)),
    ("GET", "/api/v1/system/audit/scan"): Case("/api/v1/system/audit/scan", everyone(403)),
    ("GET", "/api/v1/system/users"): Case("/api/v1/system/users", everyone(403)),
    ("GET", "/api/v1/system/agreements"): Case("/api/v1/system/agreements", everyone(403)),
    ("GET", "/api/v1/system/audit"): Case("/api/v1/system/audit", everyone(403)),
    # The CLI's reads and catalogue import while the server holds the file: local token only.
    ("GET", "/api/v1/system/kpis/{kpi_id}/values/{code}"): Case(
        f"/api/v1/system/kpis/{KPI}/values/{{m}}", everyone(403)
    ),
    ("GET", "/api/v1/system/kpis/{kpi_id}/public-values"): Case(
        f"/api/v1/system/kpis/{KPI}/public-values", everyone(403)
    ),
    ("GET", "/api/v1/system/catalogue"): Case("/api/v1/system/catalogue?q=andel", everyone(403)),
    ("POST", "/api/v1/system/catalogue"): Case(
        "/api/v1/system/catalogue", everyone(403), json={"source": "kolada", "entries": []}
    ),
    ("GET", "/api/v1/system/peers/{code}"): Case("/api/v1/system/peers/{m}", everyone(403)),
    ("GET", "/api/v1/system/benchmark"): Case(
        f"/api/v1/system/benchmark?municipality={{m}}&kpi={KPI}", everyone(403)
    ),
    ("POST", "/api/v1/system/audit/export"): Case(
        "/api/v1/system/audit/export", everyone(403), json={"format": "csv"}
    ),
    # The demo build's progress: public, it holds no data ("none" outside `faelled demo`).
    ("GET", "/api/v1/demo"): Case("/api/v1/demo", everyone(200)),
    ("GET", "/demo/status"): Case("/demo/status", everyone(200)),
    ("GET", "/api/v1/system/loads"): Case("/api/v1/system/loads", everyone(403)),
    # The CLI's writes while the server owns the DuckDB file: the local token only, never a
    # session (not even the operator's: the token proves the caller is on the server's machine).
    ("POST", "/api/v1/system/users"): Case(
        "/api/v1/system/users",
        everyone(403),
        json={"username": "x", "role": "viewer", "municipality": "{m}", "password": "p" * 12},
    ),
    ("POST", "/api/v1/system/users/{username}/disabled"): Case(
        "/api/v1/system/users/x/disabled", everyone(403), json={"disabled": True}
    ),
    ("POST", "/api/v1/system/users/{username}/password"): Case(
        "/api/v1/system/users/x/password", everyone(403), json={"password": "p" * 12}
    ),
    ("POST", "/api/v1/system/users/{username}/role"): Case(
        "/api/v1/system/users/x/role", everyone(403), json={"role": "viewer"}
    ),
    ("POST", "/api/v1/system/users/{username}/tokens"): Case(
        "/api/v1/system/users/x/tokens", everyone(403), json={"scopes": ["read"]}
    ),
    ("GET", "/api/v1/system/users/{username}/tokens"): Case(
        "/api/v1/system/users/x/tokens", everyone(403)
    ),
    ("POST", "/api/v1/system/tokens/{token_id}/revoke"): Case(
        "/api/v1/system/tokens/{token}/revoke", everyone(403)
    ),
    ("GET", "/api/v1/system/quarantine"): Case("/api/v1/system/quarantine", everyone(403)),
    ("GET", "/api/v1/system/quarantine/{load_id}"): Case(
        "/api/v1/system/quarantine/x", everyone(403)
    ),
    ("GET", "/api/v1/system/loads/{load_id}"): Case("/api/v1/system/loads/x", everyone(403)),
    ("POST", "/api/v1/system/agreements"): Case(
        "/api/v1/system/agreements", everyone(403), json=AGREEMENT
    ),
    ("POST", "/api/v1/system/agreements/{agreement_id}/end"): Case(
        "/api/v1/system/agreements/{agreement}/end", everyone(403), json={"on": "2099-12-31"}
    ),
    ("POST", "/api/v1/system/retention"): Case(
        "/api/v1/system/retention", everyone(403), json={"dry_run": True}
    ),
    # Background jobs: a municipality's analysts and stewards load their own deliveries (from
    # its inbox on the server: this path is outside it, hence 400), the operator loads any
    # (this file does not exist: 400); signed-in users follow the jobs they may see.
    ("POST", "/api/v1/jobs"): Case(
        "/api/v1/jobs",
        expect(403, analyst=(400, 403), steward=(400, 403), operator=400),
        json={
            "kind": "ingest",
            "paths": ["/nonexistent/{m}.csv"],
            "dataset": "benefit_spells",
            "municipality": "{m}",
        },
    ),
    ("GET", "/api/v1/jobs"): Case("/api/v1/jobs", expect(200, public=403)),
    ("GET", "/api/v1/jobs/{job_id}"): Case("/api/v1/jobs/no-such-job", expect(404, public=403)),
    # Signing in and out.
    ("GET", "/login"): Case("/login", everyone(200)),
    ("POST", "/login"): Case("/login", everyone(401), form={"username": "x", "password": "y"}),
    ("POST", "/logout"): Case("/logout", everyone(303)),
    # Who am I, and one's own API tokens.
    ("GET", "/api/v1/me"): Case("/api/v1/me", SIGNED_IN),
    ("GET", "/api/v1/tokens"): Case("/api/v1/tokens", SIGNED_IN),
    ("POST", "/api/v1/tokens"): Case(
        "/api/v1/tokens", expect(201, public=403), json={"scopes": ["read"], "days": 1}
    ),
    ("DELETE", "/api/v1/tokens/{token_id}"): Case(
        "/api/v1/tokens/{token}", expect((200, 403), public=403, operator=200)
    ),
    # Agreements: the steward of the municipality writes, its admin reads, the operator both.
    ("GET", "/api/v1/agreements"): Case(
        "/api/v1/agreements?municipality={m}",
        expect(403, steward=OWN_ONLY, admin=OWN_ONLY, operator=200),
    ),
    ("POST", "/api/v1/agreements"): Case(
        "/api/v1/agreements", expect(403, steward=(201, 403), operator=201), json=AGREEMENT
    ),
    ("POST", "/api/v1/agreements/{agreement_id}/end"): Case(
        "/api/v1/agreements/{agreement}/end",
        expect(403, steward=OWN_ONLY, operator=200),
        json={"on": "2099-12-31"},
    ),
    # The audit log: the municipality's steward and the operator.
    ("GET", "/api/v1/audit"): Case(
        "/api/v1/audit?municipality={m}", expect(403, steward=OWN_ONLY, operator=200)
    ),
    ("GET", "/api/v1/audit/export"): Case(
        "/api/v1/audit/export?municipality={m}", expect(403, steward=OWN_ONLY, operator=200)
    ),
    # Users: the municipality's admin and the operator.
    ("GET", "/api/v1/users"): Case(
        "/api/v1/users?municipality={m}", expect(403, admin=OWN_ONLY, operator=200)
    ),
    # Row-level data: only the analysts and stewards of that municipality.
    ("GET", "/api/v1/rows/{dataset}/{municipality}"): Case(
        "/api/v1/rows/benefit_spells/{m}?purpose=kvalitetssikring",
        expect(403, analyst=OWN_ONLY, steward=OWN_ONLY),
    ),
    # Data-subject access: the steward, for the own municipality (there is no other to ask for).
    ("POST", "/api/v1/subject-access"): Case(
        "/api/v1/subject-access", expect(403, steward=200), json={"cpr": ALICE_CPR}
    ),
    # Key figures: published ones for everyone (suppressed; the serving tests check what is
    # blanked); a draft only to the municipalities' own users, never to the public or operator.
    ("GET", "/api/v1/kpis"): Case("/api/v1/kpis", everyone(200)),
    ("GET", "/api/v1/kpis/{kpi_id}"): Case(
        f"/api/v1/kpis/{DRAFT}", expect(200, public=403, operator=403)
    ),
    ("GET", "/api/v1/values"): Case(f"/api/v1/values?kpi={KPI}&municipality={{m}}", everyone(200)),
    ("GET", "/api/v1/catalogue"): Case("/api/v1/catalogue?q=kontant", everyone(200)),
    ("GET", "/api/v1/datasets"): Case("/api/v1/datasets", everyone(200)),
    # Data quality and load counts are open (they describe deliveries, not people); a load's
    # sampled rows (asked for with a purpose) and its quarantined rows are row-level data: only
    # the analysts and stewards of the load's municipality. Without a purpose, a report is open
    # with its samples stripped (tests/test_data_quality.py checks what is stripped).
    ("GET", "/api/v1/quality"): Case("/api/v1/quality", everyone(200)),
    ("GET", "/api/v1/loads"): Case("/api/v1/loads?municipality={m}", everyone(200)),
    ("GET", "/api/v1/loads/{load_id}"): Case(
        "/api/v1/loads/load-q-{m}?purpose=rette+leverancen",
        expect(403, analyst=OWN_ONLY, steward=OWN_ONLY),
    ),
    ("GET", "/api/v1/loads/{load_id}/quarantine"): Case(
        "/api/v1/loads/load-q-{m}/quarantine?purpose=rette+leverancen",
        expect(403, analyst=OWN_ONLY, steward=OWN_ONLY),
    ),
    ("GET", "/noegletal/{kpi_id}"): Case(
        f"/noegletal/{DRAFT}", expect(200, public=403, operator=403)
    ),
    # Benchmarking: peer groups for everyone; a benchmark on a draft as its key figure is read.
    ("GET", "/api/v1/peers/{code}"): Case("/api/v1/peers/{m}?domain=employment", everyone(200)),
    ("GET", "/api/v1/benchmark/{code}"): Case(
        f"/api/v1/benchmark/{{m}}?kpi={DRAFT}", expect(200, public=403, operator=403)
    ),
    ("GET", "/api/v1/method/{domain}"): Case("/api/v1/method/employment", everyone(200)),
    ("GET", "/metode/{domain}"): Case("/metode/employment", everyone(200)),
    ("GET", "/kommune/{code}/sammenligning"): Case(
        f"/kommune/{{m}}/sammenligning?noegletal={DRAFT}", expect(200, public=403, operator=403)
    ),
    ("GET", "/katalog"): Case("/katalog", everyone(200)),
    ("GET", "/katalog/resultater"): Case("/katalog/resultater?q=kontant", everyone(200)),
    ("GET", "/data"): Case("/data", everyone(200)),
    # The Kolada v3 mount: the open API in Kolada's shapes, for everyone.
    ("GET", "/kolada/v3/kpi"): Case("/kolada/v3/kpi", everyone(200)),
    ("GET", "/kolada/v3/kpi/{ids}"): Case(f"/kolada/v3/kpi/{KPI}", everyone(200)),
    ("GET", "/kolada/v3/municipality"): Case("/kolada/v3/municipality", everyone(200)),
    ("GET", "/kolada/v3/municipality/{ids}"): Case("/kolada/v3/municipality/0{m}", everyone(200)),
    ("GET", "/kolada/v3/municipality_groups"): Case(
        "/kolada/v3/municipality_groups", everyone(200)
    ),
    ("GET", "/kolada/v3/municipality_groups/{ids}"): Case(
        "/kolada/v3/municipality_groups/G1", everyone(200)
    ),
    ("GET", "/kolada/v3/data/kpi/{kpi}/municipality/{municipality}"): Case(
        f"/kolada/v3/data/kpi/{KPI}/municipality/0{{m}}", everyone(200)
    ),
    ("GET", "/kolada/v3/data/kpi/{kpi}/municipality/{municipality}/year/{year}"): Case(
        f"/kolada/v3/data/kpi/{KPI}/municipality/0{{m}}/year/2023", everyone(200)
    ),
    ("GET", "/kolada/v3/data/kpi/{kpi}/year/{year}"): Case(
        f"/kolada/v3/data/kpi/{KPI}/year/2023", everyone(200)
    ),
    ("GET", "/kolada/v3/data/municipality/{municipality}/kpi/{kpi}"): Case(
        f"/kolada/v3/data/municipality/0{{m}}/kpi/{KPI}", everyone(200)
    ),
    ("GET", "/kolada/v3/data/municipality/{municipality}/year/{year}"): Case(
        "/kolada/v3/data/municipality/0{m}/year/2023", everyone(200)
    ),
    # Readiness surveys: results and anonymous answers are open (the links are the keys; unknown
    # ones are 404 for all); setting surveys up is for the local administrator's token only.
    ("GET", "/survey"): Case("/survey", everyone(200)),
    ("GET", "/survey/{initiative}"): Case("/survey/no-such-initiative", everyone(404)),
    ("GET", "/survey/r/{token}"): Case("/survey/r/no-such-link", everyone(404)),
    ("POST", "/survey/r/{token}"): Case(
        "/survey/r/no-such-link", everyone(404), form={"unit": "x"}
    ),
    ("GET", "/api/v1/survey/initiatives"): Case("/api/v1/survey/initiatives", everyone(200)),
    ("GET", "/api/v1/survey/initiatives/{initiative}"): Case(
        "/api/v1/survey/initiatives/no-such-initiative", everyone(404)
    ),
    ("GET", "/api/v1/survey/r/{token}"): Case("/api/v1/survey/r/no-such-link", everyone(404)),
    ("POST", "/api/v1/survey/r/{token}"): Case(
        "/api/v1/survey/r/no-such-link", everyone(404), json={"answers": {}}
    ),
    # Setting surveys up: the operator for any municipality; a municipality's stewards and admins
    # for their own initiatives (the seeded "survey-<m>", each with an open round).
    ("POST", "/api/v1/survey/initiatives"): Case(
        "/api/v1/survey/initiatives",
        expect(403, steward=(201, 403), admin=(201, 403), operator=201),
        json={"definition": survey_definition("setup-{role}-{m}", "{m}")},
    ),
    ("POST", "/api/v1/survey/initiatives/{initiative}/rounds"): Case(
        "/api/v1/survey/initiatives/survey-{m}/rounds",
        expect(403, steward=(201, 403), admin=(201, 403), operator=201),
        json={"closes": "2099-01-01"},
    ),
    ("POST", "/api/v1/survey/initiatives/{initiative}/links"): Case(
        "/api/v1/survey/initiatives/survey-{m}/links",
        expect(403, steward=(201, 403), admin=(201, 403), operator=201),
        json={"links": 1},
    ),
    ("POST", "/api/v1/survey/initiatives/{initiative}/imports"): Case(
        # An empty file: the allowed get as far as the file's own error.
        "/api/v1/survey/initiatives/survey-{m}/imports",
        expect(403, steward=(400, 403), admin=(400, 403), operator=400),
        json={"format": "surveyxact", "name": "x.csv", "content": ""},
    ),
    # The steward's pages.
    ("GET", "/forvaltning"): Case("/forvaltning", expect(200, public=PAGE_SIGN_IN)),
    ("GET", "/forvaltning/aftaler"): Case(
        "/forvaltning/aftaler",
        expect(403, public=PAGE_SIGN_IN, steward=200, admin=200, operator=200),
    ),
    ("POST", "/forvaltning/aftaler"): Case(
        "/forvaltning/aftaler",
        expect(403, steward=(303, 403), operator=303),
        form={
            "municipality": "{m}",
            "kind": "tilslutningsaftale",
            "signed": "2025-06-01",
            "domains": "schools",
        },
    ),
    ("POST", "/forvaltning/aftaler/{agreement_id}/afslut"): Case(
        "/forvaltning/aftaler/{agreement}/afslut", expect(403, steward=(303, 403), operator=303)
    ),
    ("GET", "/forvaltning/log"): Case(
        "/forvaltning/log?municipality={m}",
        expect(403, public=PAGE_SIGN_IN, steward=OWN_ONLY, operator=200),
    ),
    ("GET", "/forvaltning/indsigt"): Case(
        "/forvaltning/indsigt", expect(403, public=PAGE_SIGN_IN, steward=200)
    ),
    ("POST", "/forvaltning/indsigt"): Case(
        "/forvaltning/indsigt", expect(403, steward=200), form={"cpr": ALICE_CPR}
    ),
    ("POST", "/forvaltning/indsigt.json"): Case(
        "/forvaltning/indsigt.json", expect(403, steward=200), form={"cpr": ALICE_CPR}
    ),
}


def flat_routes(routes: list[BaseRoute]) -> Iterator[tuple[str, str]]:
    for r in routes:
        included = getattr(r, "original_router", None)
        if included is not None:
            yield from flat_routes(included.routes)
        elif isinstance(r, Mount):
            yield ("MOUNT", r.path)
        else:
            for method in sorted(getattr(r, "methods", set()) - {"HEAD"}):
                yield (method, getattr(r, "path", ""))


@dataclass
class Installation:
    app: FastAPI
    client: TestClient
    agreements: dict[str, str]
    tokens: dict[str, str]  # username → token id


@pytest.fixture(scope="module")
def installation(
    web_commons: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Installation]:
    # The web tests' commons (computed key figures, one of them a draft) plus our users.
    settings = copy(web_commons, tmp_path_factory.mktemp("matrix"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(users, "hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        agreements = seeded(settings)
        app = create_app(settings)
        app.state.pseudonymise = pseudonymise
        with TestClient(app, base_url="https://testserver") as client:
            tokens = {}
            with app.state.db_lock:
                db = app.state.db
                for user in users.list_users(db, users.Actor.system("test")):
                    _, info = issue_token(
                        db, users.Actor.system("test"), user.username, scopes=["read"]
                    )
                    tokens[user.username] = info.token_id
            yield Installation(app, client, agreements, tokens)


def test_the_matrix_lists_every_route(installation: Installation) -> None:
    routes = set(flat_routes(installation.app.routes))
    assert routes - set(MATRIX) == set(), "routes missing from the access matrix"
    assert set(MATRIX) - routes == set(), "the matrix lists routes that no longer exist"


def _fill(value: Any, m: str, agreement: str, token: str, role: str = "") -> Any:
    if isinstance(value, str):
        return value.format(m=m, agreement=agreement, token=token, role=role)
    if isinstance(value, dict):
        return {k: _fill(v, m, agreement, token, role) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, m, agreement, token, role) for v in value]
    return value


CASES = [
    pytest.param(route, role, side, id=f"{route[0]} {route[1]} {role} {side}")
    for route in MATRIX
    for role in ROLES
    for side in ("own", "other")
]


@pytest.mark.parametrize(("route", "role", "side"), CASES)
def test_route_role_municipality(
    installation: Installation, route: tuple[str, str], role: str, side: str
) -> None:
    case = MATRIX[route]
    m = OWN if side == "own" else OTHER
    me = username(role) if role != "public" else None
    token_owner = (me or username("analyst")) if side == "own" else username("analyst", OTHER)
    url = _fill(case.url, m, installation.agreements[m], installation.tokens[token_owner])
    client = installation.client
    client.cookies.clear()
    installation.app.state.login_limiter = None  # the per-address limit is tested on its own
    headers: dict[str, str] = {}
    if me is not None:
        with installation.app.state.db_lock:  # a fresh session: /logout ends the one it gets
            user = users.find_user(installation.app.state.db, me)
            assert user is not None
            session = create_session(installation.app.state.db, user)
        client.cookies.set("faelled_session", session)
        if route[0] != "GET":
            headers["X-CSRF-Token"] = client.get("/api/v1/me").json()["csrf_token"]
    elif route[0] != "GET":
        page = client.get("/login")  # the anonymous CSRF cookie and its token
        headers["X-CSRF-Token"] = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    method = "GET" if route[0] == "MOUNT" else route[0]
    kwargs: dict[str, Any] = {"headers": headers, "follow_redirects": False}
    if case.json is not None:
        kwargs["json"] = _fill(case.json, m, "", "", role)
    elif case.form:
        kwargs["data"] = _fill(case.form, m, "", "")
    response = client.request(method, url, **kwargs)
    expected = case.expected[role][0 if side == "own" else 1]
    assert response.status_code == expected, response.text[:300]
