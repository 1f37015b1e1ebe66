from __future__ import annotations

from pathlib import Path

import pytest

from faelled.settings import Settings


def test_defaults_put_state_under_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FAELLED_HOME", raising=False)
    monkeypatch.delenv("FAELLED_DATABASE_URL", raising=False)
    s = Settings()
    assert s.home == Path("faelled-data")
    assert s.database == f"duckdb:///{tmp_path / 'faelled-data' / 'faelled.duckdb'}"


def test_environment_beats_file_beats_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "faelled.toml"
    config.write_text('home = "/srv/from-file"\nport = 9000\n', encoding="utf-8")
    monkeypatch.setenv("FAELLED_CONFIG", str(config))
    monkeypatch.setenv("FAELLED_HOME", "/srv/from-env")
    s = Settings()
    assert s.home == Path("/srv/from-env")
    assert s.port == 9000


def test_secret_database_url_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAELLED_DATABASE_URL", "postgresql://u:topsecret@db/faelled")
    s = Settings()
    assert "topsecret" not in repr(s) and "topsecret" not in str(s)
    assert s.database_display == "postgresql://u:***@db/faelled"
    assert not s.is_duckdb
