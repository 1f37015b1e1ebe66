"""Time and peak memory of `faelled generate --scale S` (default 1: the whole country, 10 years).

Usage: python benchmarks/generate.py [SCALE] — prints the figures beside the issue's targets
(peak memory ≤ 4 GB; the demo scale 0.02 in seconds). Peak memory is the largest resident set
of the generating process and its worker processes, sampled every 0.2 s.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

FAELLED = str(Path(sys.executable).parent / "faelled")


def _rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _family(pid: int) -> list[int]:
    out = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for c in children:
        out.extend(_family(int(c)))
    return out


def run(scale: float) -> tuple[float, float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "extracts"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [
                FAELLED,
                "generate",
                "--scale",
                str(scale),
                "--seed",
                "1",
                "--years",
                "2015-2024",
                "--out",
                str(out),
                "--quiet",
            ],
        )
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _rss_kb(_family(proc.pid)))
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        if proc.returncode:
            raise SystemExit(f"faelled generate failed ({proc.returncode})")
        files = [p for p in out.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        return elapsed, peak / 1024**2, len(files), size


if __name__ == "__main__":
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    elapsed, peak_gb, n_files, size = run(scale)
    print(f"faelled generate --scale {scale} --years 2015-2024 (2 worker processes)")
    print(f"  time         {elapsed:8.1f} s")
    print(f"  peak memory  {peak_gb:8.2f} GB   (target ≤ 4 GB)")
    print(f"  output       {n_files:8d} files, {size / 1024**3:.2f} GB")
