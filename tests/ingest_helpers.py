"""Helpers for the ingest tests: write deliveries, snapshot a database's contents."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from faelled.engine import open_database
from faelled.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "tests" / "contracts"
HEADER = ["cpr", "kommune", "aar", "ydelse", "startdato", "slutdato"]

# Synthetic CPR numbers (valid date part; the 4-digit serials are made up).
CPRS = [
    f"{d:02d}0{m}9{y}-{1000 + d * 7 + m:04d}"
    for d, m, y in [
        (1, 1, 0),
        (2, 2, 1),
        (3, 3, 2),
        (4, 4, 3),
        (5, 5, 4),
        (6, 6, 5),
        (7, 7, 6),
        (8, 8, 7),
    ]
]


def spells(municipality: str = "101", year: int = 2023, n: int = 6) -> list[list[str]]:
    """n valid benefit-spell rows for one municipality and year (keys differ between
    municipalities: the start dates are shifted by the code)."""
    benefits = ["kontanthjælp", "sygedagpenge", "a-dagpenge", "fleksjob"]
    out = []
    for i in range(n):
        start = date(year, 1, 1) + timedelta(days=i + int(municipality) % 97 * 3)
        end = start + timedelta(days=30)
        out.append(
            [
                CPRS[i % len(CPRS)],
                municipality,
                str(year),
                benefits[i % 4],
                f"{start:%d-%m-%Y}",
                f"{end:%d-%m-%Y}" if i % 3 else "",
            ]
        )
    return out


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    header: list[str] | None = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> Path:
    lines = [delimiter.join(header)] if header else []
    lines += [delimiter.join(r) for r in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted: two snapshots are equal iff the contents are."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with open_database(settings, read_only=True) as db:
        for name in db.tables():
            table = db.table(name).to_pyarrow()
            rows = list(zip(*(c.to_pylist() for c in table.columns), strict=True))
            out[name] = sorted(rows, key=repr)
    return out
