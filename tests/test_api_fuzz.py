"""A schema-driven fuzz of the whole API from its OpenAPI spec (schemathesis): whatever it sends,
signed in or not, the answer is never a server error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from faelled.access import users
from faelled.access.sessions import issue_token
from faelled.settings import Settings
from faelled.web.app import create_app

from .access_fixtures import OPERATOR, pseudonymise, seeded

TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    home: Path = tmp_path_factory.mktemp("fuzz") / "faelled-data"
    settings_ = Settings(home=home)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(users, "hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        seeded(settings_)
        app = create_app(settings_)
        app.state.pseudonymise = pseudonymise
        with TestClient(app):  # runs the lifespan: the app's database stays open
            with app.state.db_lock:
                token, _ = issue_token(
                    app.state.db, OPERATOR, "steward-851",
                    scopes=["read", "export", "write", "admin"],
                )  # fmt: skip
            TOKEN["steward"] = token
            yield schemathesis.openapi.from_asgi("/api/openapi.json", app)


# Derandomized: the same cases on every run, so CI is repeatable (raise max_examples, or drop
# derandomize locally, to search further).
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def _fuzz(api_schema: Any, headers: dict[str, str]) -> set[str]:
    """Every operation of the schema, with cases drawn from its strategy; returns their paths."""
    operations = [result.ok() for result in api_schema.get_all_operations()]

    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            where = (case.method, case.formatted_path)
            assert response.status_code < 500, (*where, response.text[:300])
            if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
                assert set(response.json()) == {"error"}, where  # the one error envelope

        run()
    return {operation.path for operation in operations}


MUST_COVER = {"/api/v1/rows/{dataset}/{municipality}", "/api/v1/subject-access", "/api/v1/audit"}


def test_the_api_never_fails_for_the_public(api_schema: Any) -> None:
    assert _fuzz(api_schema, {}) >= MUST_COVER


def test_the_api_never_fails_for_a_signed_in_steward(api_schema: Any) -> None:
    assert _fuzz(api_schema, {"Authorization": f"Bearer {TOKEN['steward']}"}) >= MUST_COVER


@pytest.mark.parametrize("name", ["¹", "٣٣٣", "²⁵"])
def test_what_the_fuzz_found_unicode_digits_are_an_unknown_name(name: str) -> None:
    """The fuzz sent municipality=¹: str.isdigit() says yes, int() says no — a 500 until fixed."""
    from faelled.errors import UnknownName
    from faelled.reference import resolve

    with pytest.raises(UnknownName):
        resolve(name)
