"""API benchmark: Fælled's KPI-values endpoint against Datasette serving the same `kpi_values`
exported to SQLite, on loopback, with the same load generator (wrk, 50 connections), side by
side; and the pages' server time (one connection, so no queueing).

The commons is the demo commons the issue names (`faelled demo --no-serve`: all 98
municipalities, 2020–2024, the whole shipped catalogue computed by the real engine);
`FAELLED_BENCH_COMMONS=tests` uses the web tests' smaller commons instead (tests/web_commons.py,
five KPIs), the earlier baseline. Datasette gets the indexes a user would add for these
filters. Needs /usr/bin/wrk (Debian's `wrk`) and the `bench` extra (datasette); `make bench`
installs the extra."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test commons builder lives in tests/

from faelled.engine import Database  # noqa: E402
from faelled.settings import Settings  # noqa: E402
from tests.web_commons import build  # noqa: E402

BIN = Path(sys.executable).parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"
CONNECTIONS = 50
SECONDS = 10
COMMONS = os.environ.get("FAELLED_BENCH_COMMONS", "demo")
KPI = "ex_benefit_share" if COMMONS == "tests" else "emp_benefit_share_16_66"

# wrk reports p50/75/90/99 with --latency; this prints the p95 and the totals in one line.
REPORT_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.2f p95=%.2f p99=%.2f errors=%d non2xx=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.errors.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(args: list[str], url: str, env: dict[str, str] | None = None) -> Iterator[str]:
    proc = subprocess.Popen(
        args, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError(
                f"{args[0]} did not start: {proc.stderr.read() if proc.stderr else ''}"
            )
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def wrk(url: str, connections: int = CONNECTIONS, seconds: int = SECONDS) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(REPORT_LUA)
    try:
        out = subprocess.run(
            [
                WRK,
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "-s",
                f.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    m = re.search(r"RESULT (.*)", out)
    if not m:
        raise RuntimeError(out)
    return {k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())}


def export_sqlite(settings_home: Path, target: Path, settings: Settings) -> int:
    with Database(settings, read_only=True) as db:
        df = db.table("kpi_values").to_pandas()
    df["updated_at"] = df["updated_at"].astype(str)
    with sqlite3.connect(target) as con:
        df.to_sql("kpi_values", con, index=False)
        con.execute("CREATE INDEX kv_kpi_period ON kpi_values (kpi, period)")
        con.execute("CREATE INDEX kv_area ON kpi_values (area)")
    return len(df)


def build_demo(root: Path) -> Settings:
    """The demo commons, built by the same command a user runs."""
    home = root / "home"
    subprocess.run(
        [str(BIN / "faelled"), "demo", "--no-serve"],
        env={**os.environ, "FAELLED_HOME": str(home), "FAELLED_CONFIG": "/nonexistent.toml"},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return Settings(home=home)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="faelled-bench-"))
    try:
        started = time.monotonic()
        settings = build(work) if COMMONS == "tests" else build_demo(work)
        print(f"commons: {COMMONS}, built in {time.monotonic() - started:.0f} s")
        sqlite_path = work / "bench.db"
        rows = export_sqlite(settings.home, sqlite_path, settings)
        print(f"kpi_values: {rows} rows; wrk {CONNECTIONS} connections × {SECONDS} s, loopback")

        fport, dport = free_port(), free_port()
        faelled_url = f"http://127.0.0.1:{fport}/api/v1/values?kpi={KPI}&period=2023&per_page=1000"
        datasette_url = (
            f"http://127.0.0.1:{dport}/bench/kpi_values.json?kpi={KPI}&period=2023"
            "&area_type=municipality"
            "&_shape=array&_size=max"
        )
        env = {"FAELLED_HOME": str(settings.home), "FAELLED_CONFIG": "/nonexistent.toml"}
        if COMMONS == "tests":
            env["FAELLED_CONTENT_DIR"] = str(settings.content_dir)
        results: dict[str, dict[str, float]] = {}
        pages: dict[str, dict[str, float]] = {}
        with serve([str(BIN / "faelled"), "serve", "--port", str(fport)], faelled_url, env):
            n_faelled = len(httpx.get(faelled_url).json()["values"])
            wrk(faelled_url, seconds=2)  # warm up
            results["Fælled /api/v1/values"] = wrk(faelled_url)
            for name, path in (
                ("home, KPI map", f"/?farve=kpi:{KPI}"),
                ("municipality profile", "/kommune/851"),
                ("KPI page", f"/noegletal/{KPI}?kommune=851"),
            ):
                pages[name] = wrk(f"http://127.0.0.1:{fport}{path}", connections=1, seconds=5)
        with serve(
            [str(BIN / "datasette"), "serve", str(sqlite_path), "-p", str(dport)], datasette_url
        ):
            n_datasette = len(httpx.get(datasette_url).json())
            wrk(datasette_url, seconds=2)
            results["Datasette table JSON"] = wrk(datasette_url)
        print(f"rows per response: Fælled {n_faelled}, Datasette {n_datasette}")
        print(
            f"{'endpoint':<28}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'errors':>8}"
        )
        for name, r in results.items():
            print(
                f"{name:<28}{r['rps']:>10.0f}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['p99']:>10.1f}"
                f"{r['errors'] + r['non2xx']:>8.0f}"
            )
        print("pages, server time with one connection:")
        for name, r in pages.items():
            print(
                f"  {name:<26}{r['rps']:>10.0f}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['p99']:>10.1f}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
