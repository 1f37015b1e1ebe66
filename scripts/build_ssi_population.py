"""Derive the population reference that plausibility rules compare against.

Source: Statens Serum Institut's per-municipality file of 5 August 2020
(data/public/ssi/ssi_municipality_test_pos_2020-08-05_original_format.csv), whose "Befolkningstal"
column is each municipality's population (Statistics Denmark's figure SSI divides by). It is real,
public, and covers all 98 municipalities; a plausibility rule only needs the order of magnitude.

Run `python scripts/build_ssi_population.py [OUT]`; a test re-runs it and compares the bytes with
faelled/reference/data/population_ssi_2020.csv.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "data/public/ssi/ssi_municipality_test_pos_2020-08-05_original_format.csv"
OUT = ROOT / "faelled/reference/data/population_ssi_2020.csv"
YEAR = 2020


def build(out: Path) -> None:
    text = SRC.read_text(encoding="utf-8-sig")
    rows = []
    for r in csv.DictReader(io.StringIO(text), delimiter=";"):
        code = str(int(r["Kommune_(id)"]))
        if code == "411":  # Christiansø: outside the municipal division
            continue
        population = int(r["Befolkningstal"].strip().replace(".", ""))
        rows.append([code, YEAR, population, "SSI 2020-08-05 (Befolkningstal)"])
    rows.sort(key=lambda r: int(r[0]))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["municipality", "year", "population", "source"])
    w.writerows(rows)
    out.write_text(buf.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
