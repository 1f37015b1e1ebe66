"""DESIGN decision 4, tested: while the server owns the DuckDB file, the CLI uses its API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

from .conftest import Server, run_cli, start_server


@pytest.fixture(scope="module")
def served_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("served") / "faelled-data"
    run_cli("init", home=home)
    yield from start_server(home, "serve")


def test_the_server_holds_the_file_and_announces_itself(served_home: Server) -> None:
    with pytest.raises(duckdb.IOException, match="lock"):
        duckdb.connect(str(served_home.home / "faelled.duckdb"), read_only=True)
    announced = served_home.home / "server.json"
    assert announced.stat().st_mode & 0o777 == 0o600
    assert json.loads(announced.read_text())["url"] == served_home.base_url


def test_info_goes_through_the_server(served_home: Server) -> None:
    info = json.loads(run_cli("info", "--json", home=served_home.home).stdout)
    assert info["via_server"] == served_home.base_url
    assert info["tables"]["ref_municipalities"] == 98


def test_the_system_api_refuses_anyone_without_the_local_token(served_home: Server) -> None:
    r = httpx.get(served_home.base_url + "/api/v1/system/info")
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = httpx.get(
        served_home.base_url + "/api/v1/system/info", headers={"Authorization": "Bearer wrong"}
    )
    assert r.status_code == 403


def test_a_stale_server_file_is_ignored(tmp_path: Path) -> None:
    home = tmp_path / "h"
    run_cli("init", home=home)
    (home / "server.json").write_text(
        json.dumps({"pid": 2**22 + 12345, "url": "http://127.0.0.1:1", "token": "x"})
    )
    info = json.loads(run_cli("info", "--json", home=home).stdout)
    assert "via_server" not in info and info["tables"]["ref_municipalities"] == 98


def test_the_server_removes_its_file_when_it_stops(tmp_path: Path) -> None:
    home = tmp_path / "h"
    run_cli("init", home=home)
    gen = start_server(home, "serve")
    next(gen)
    assert (home / "server.json").exists()
    with pytest.raises(StopIteration):
        next(gen)
    assert not (home / "server.json").exists()
