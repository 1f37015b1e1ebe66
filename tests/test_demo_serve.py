"""`faelled demo` serves at once and builds the demo commons as a job in the server (DESIGN
decision 4): every page answers while it builds, with a banner that says how far it is; the
banner goes when the build is done; a failed build says why, on the page and in the CLI."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx

from .conftest import Server, start_server


def test_pages_answer_with_a_banner_while_the_demo_builds(demo_server: Server) -> None:
    seen = demo_server.during_build  # right after the server answered (tests/conftest.py)
    assert seen["status"]["status"] in ("queued", "running")
    assert 0 <= seen["status"]["percent"] < 100
    for page in ("home", "data"):
        response = seen[page]
        assert response.status_code == 200, page
        banner = re.search(r'<div id="demo-build"[^>]*>', response.text)
        assert banner, page
        # Accessible, and it refreshes itself through htmx (no inline script under the CSP).
        assert 'role="status"' in banner[0] and 'aria-live="polite"' in banner[0]
        assert 'hx-get="/demo/status?lang=da"' in banner[0] and "every 2s" in banner[0]
        assert "Demo-fællesskabet bygges" in response.text
        assert re.search(r'<progress max="100" value="\d+"', response.text)
        assert "script-src 'self'" in response.headers["content-security-policy"]
    fragment = seen["fragment"]
    assert fragment.status_code == 200
    assert "The demo commons is being built" in fragment.text
    assert "HX-Refresh" not in fragment.headers
    # The key figures are not there yet: the normal empty answer, not an error.
    assert seen["api_home"].status_code == 200


def test_the_banner_is_gone_and_the_data_are_there_when_the_build_is_done(
    demo_server: Server,
) -> None:
    base = demo_server.base_url
    status = httpx.get(base + "/api/v1/demo", timeout=30).json()
    assert status["status"] == "done" and status["percent"] == 100
    assert status["step"] == "done" and "error" not in status
    home = httpx.get(base + "/", timeout=30)
    assert home.status_code == 200
    assert 'id="demo-build"' not in home.text
    # A page still polling reloads itself once, to show the data.
    fragment = httpx.get(base + "/demo/status", timeout=30)
    assert fragment.headers.get("HX-Refresh") == "true" and fragment.text == ""
    # The served key figures were picked up when the build finished (a new compute generation).
    kpi = httpx.get(base + "/api/v1/municipalities/101", timeout=30).json()
    assert any(v.get("value") is not None for v in _values(kpi)), kpi


def _values(data: object) -> list[dict[str, object]]:
    """Every dict with a "value" key, however deep: the municipality's figures."""
    found: list[dict[str, object]] = []
    if isinstance(data, dict):
        if "value" in data:
            found.append(data)
        for v in data.values():
            found.extend(_values(v))
    elif isinstance(data, list):
        for v in data:
            found.extend(_values(v))
    return found


def test_a_failed_demo_build_says_why_on_the_page_and_in_the_cli(tmp_path: Path) -> None:
    home = tmp_path / "faelled-data"
    home.mkdir()
    # The generator's folder is taken by a file: the build cannot write its extracts.
    (home / "extracts").write_text("not a folder\n", encoding="utf-8")
    servers = start_server(home, "demo")
    server = next(servers)
    try:
        status: dict[str, object] = {}
        for _ in range(300):
            status = httpx.get(server.base_url + "/api/v1/demo", timeout=30).json()
            if status["status"] in ("done", "failed"):
                break
            time.sleep(0.5)
        assert status["status"] == "failed", status
        error = status["error"]
        assert isinstance(error, dict)
        # The generator's own message, naming the folder (Danish first, English second).
        assert "cannot write to" in error["message"] and "extracts" in error["message"]
        page = httpx.get(server.base_url + "/", timeout=30)
        assert page.status_code == 200
        assert 'class="banner banner-failed" role="status"' in page.text
        assert "Demo-fællesskabet kunne ikke bygges" in page.text
        assert "extracts" in page.text.split('id="demo-build"')[1]
        assert "hx-trigger" not in page.text.split('id="demo-build"')[1].split("</div>")[0]
        # Stopped, the CLI exits non-zero with the message, without a traceback.
        server.proc.terminate()
        rc = server.proc.wait(timeout=30)
        out = server.proc.stdout.read() if server.proc.stdout else ""
    finally:
        servers.close()
    assert rc == 1, out
    assert "Fejl / error: Kan ikke skrive i / cannot write to" in out
    assert "Traceback" not in out


def test_a_browser_left_on_the_page_sees_the_banner_go_by_itself(demo_server: Server) -> None:
    seen = demo_server.during_build  # Chromium on the home page during the build (conftest.py)
    assert "browser_failure" not in seen, seen.get("browser_failure")
    assert seen["browser_banner"] and "Demo-fællesskabet bygges" in seen["browser_banner"]
    assert seen["browser_role"] == "status"
    # htmx polled the fragment, was told to refresh, and the page reloaded with the data.
    assert seen["browser_reloaded"] is True
    assert "Demo-fællesskabet bygges" not in seen["browser_after"]
    assert seen["browser_errors"] == []  # no CSP violation, no script error
