"""Shared fixtures: a fresh FAELLED_HOME per test, the real CLI, a real server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from faelled.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT / "data" / "public"
FAELLED = str(Path(sys.executable).parent / "faelled")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium tries to reach the internet, which is closed here.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "faelled-data"


@pytest.fixture
def settings(home: Path) -> Settings:
    return Settings(home=home)


def run_cli(
    *args: str, home: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FAELLED_CONFIG": "/nonexistent.toml"}
    if home is not None:
        env["FAELLED_HOME"] = str(home)
    proc = subprocess.run(
        [FAELLED, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"faelled {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, base_url: str, proc: subprocess.Popen[str], home: Path) -> None:
        self.base_url = base_url
        self.proc = proc
        self.home = home
        # `faelled demo`: what the pages said while the build ran (tests/test_demo_serve.py).
        self.during_build: dict[str, Any] = {}


def start_server(
    home: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None
) -> Iterator[Server]:
    port = free_port()
    env = {
        **os.environ,
        "FAELLED_HOME": str(home),
        "FAELLED_CONFIG": "/nonexistent.toml",
        **(env or {}),
    }
    proc = subprocess.Popen(
        [FAELLED, *args, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
        try:
            httpx.get(base + "/api/v1/municipalities", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise AssertionError(f"server did not start within {timeout:.0f} s")
    try:
        yield Server(base, proc, home)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if proc.stdout:
            proc.stdout.close()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`faelled demo` as a user runs it: builds the demo commons, then serves it."""
    home = tmp_path_factory.mktemp("demo") / "faelled-data"
    for server in start_server(home, "demo"):
        # The server answers at once; the demo generates, ingests and computes as a job in it
        # (> 30 s), so right now it is surely still building: look at the pages as they are.
        base = server.base_url
        server.during_build = {
            "status": httpx.get(base + "/api/v1/demo", timeout=30).json(),
            "home": httpx.get(base + "/", timeout=30),
            "data": httpx.get(base + "/data", timeout=30),
            "fragment": httpx.get(base + "/demo/status?lang=en", timeout=30),
            "api_home": httpx.get(base + "/api/v1/home", timeout=30),
        }
        # A browser left on the home page: the banner must go by itself when the build is done.
        watcher = threading.Thread(target=_watch_build, args=(server,), daemon=True)
        watcher.start()
        wait_for_demo(server, timeout=900)
        watcher.join(120)
        yield server


def _watch_build(server: Server) -> None:
    """Chromium on the home page during the build (in its own thread: Playwright's sync API is
    per thread, and a test module may hold its own browser). Records what it saw, errors too."""
    seen = server.during_build
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = b.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(server.base_url + "/")
            banner = page.locator("#demo-build")
            seen["browser_banner"] = banner.inner_text() if banner.count() else None
            seen["browser_role"] = banner.get_attribute("role") if banner.count() else None
            page.evaluate("window.faelledBeforeReload = true")  # gone once the page reloads
            page.wait_for_selector("#demo-build", state="detached", timeout=900_000)
            page.wait_for_load_state("load")
            seen["browser_reloaded"] = page.evaluate("window.faelledBeforeReload === undefined")
            seen["browser_after"] = page.locator("main").inner_text()
            seen["browser_errors"] = errors
            b.close()
    except Exception as exc:  # the test that reads it says what went wrong
        seen["browser_failure"] = repr(exc)


def wait_for_demo(server: Server, timeout: float) -> dict[str, Any]:
    """Wait until `faelled demo`'s build job is done (public status at /api/v1/demo)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status: dict[str, Any] = httpx.get(server.base_url + "/api/v1/demo", timeout=10).json()
        if status["status"] == "done":
            return status
        if status["status"] in ("failed", "none"):
            raise AssertionError(f"the demo build did not run: {status}")
        if server.proc.poll() is not None:
            raise AssertionError("the demo server exited during the build")
        time.sleep(1)
    raise AssertionError(f"the demo build did not finish within {timeout:.0f} s")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL 15 server on loopback for the whole session (see tests/pg.py)."""
    from .pg import postgres_server

    with postgres_server(free_port()) as url:
        yield url


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local-mode Spark session (Java 17 on the machine) behind an Ibis backend."""
    import ibis
    from pyspark.sql import SparkSession

    warehouse = tmp_path_factory.mktemp("spark-warehouse")

    session = (
        SparkSession.builder.master("local[2]")
        .appName("faelled-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={warehouse}")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield ibis.pyspark.connect(session)
    finally:
        session.stop()


@pytest.fixture(scope="session")
def web_commons(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The web tests' commons (tests/web_commons.py), built once; copy it before serving it."""
    from .web_commons import build

    return build(tmp_path_factory.mktemp("web-commons"))


@pytest.fixture(scope="session")
def commons_server(
    web_commons: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """`faelled serve` over a copy of the web commons, with its KPI definitions."""
    from .web_commons import copy

    served = copy(web_commons, tmp_path_factory.mktemp("served"))
    assert served.content_dir is not None
    yield from start_server(
        served.home, "serve", env={"FAELLED_CONTENT_DIR": str(served.content_dir)}
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; nothing is downloaded."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()
