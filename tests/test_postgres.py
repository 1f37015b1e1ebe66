"""The same migrations and commands on a real PostgreSQL server (started by the tests)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from pydantic import SecretStr

from faelled.engine import migrate, open_database, schema_version
from faelled.settings import Settings

from .conftest import FAELLED

pytestmark = pytest.mark.postgres


def test_migrations_run_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=SecretStr(postgres_url))
    with open_database(settings) as db:
        assert db.dialect == "postgres"
        migrate(db)
        assert migrate(db) == []  # idempotent
        assert schema_version(db) >= 1
        counts = db.row_counts()
    assert counts["ref_municipalities"] == 98 and counts["ref_regions"] == 5


def test_info_reports_a_postgres_database_without_its_secret(
    postgres_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "FAELLED_HOME": str(tmp_path), "FAELLED_DATABASE_URL": postgres_url}
    subprocess.run([FAELLED, "init"], env=env, check=True, capture_output=True)
    out = subprocess.run(
        [FAELLED, "info", "--json"], env=env, check=True, capture_output=True, text=True
    ).stdout
    info = json.loads(out)
    assert info["engine"] == "postgres"
    assert info["tables"]["ref_municipalities"] == 98
