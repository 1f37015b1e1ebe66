"""Catalogue benchmark: load the 6,099 real Kolada KPI definitions and search them by title.

Baseline: a linear scan (what a spreadsheet filter does): every title checked for every word."""

from __future__ import annotations

import time
from pathlib import Path

from faelled.kpi.catalogue import Catalogue, fold, read_kolada_metadata

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["kostnad", "hemtjänst kostnad", "elever andel", "invånare", "förskola barn", "kr/inv"]


def main() -> None:
    t0 = time.perf_counter()
    entries = read_kolada_metadata(ROOT / "data" / "public" / "kolada" / "rkolada_kpi_metadata.csv")
    cat = Catalogue(entries)
    build = time.perf_counter() - t0
    rounds = 200
    t0 = time.perf_counter()
    for _ in range(rounds):
        for q in QUERIES:
            cat.search(q, limit=10_000)
    indexed = (time.perf_counter() - t0) / (rounds * len(QUERIES))
    folded = [(e, fold(e.title)) for e in entries]
    t0 = time.perf_counter()
    for _ in range(20):
        for q in QUERIES:
            words = fold(q).split()
            [e for e, title in folded if all(w in title for w in words)]
    scan = (time.perf_counter() - t0) / (20 * len(QUERIES))
    print(f"entries: {len(cat)}; load + index: {build * 1000:.0f} ms")
    print(f"{'search':<28}{'per query':>12}")
    print(f"{'Fælled (inverted index)':<28}{indexed * 1000:>10.3f} ms")
    print(f"{'baseline (linear scan)':<28}{scan * 1000:>10.3f} ms")
    print(f"speed-up: {scan / indexed:.0f}×")


if __name__ == "__main__":
    main()
