"""Derive the population estimate per municipality that the synthetic generator sizes itself by.

There is no per-municipality population table in data/public/. What there is:
- FOLK1A (Statistics Denmark, real): population on 1 January (first quarter) 2008–2020 by sex and
  single year of age for the country, the 5 regions and 6 municipalities (147 Frederiksberg,
  400 Bornholm, 461 Odense, 561 Esbjerg, 751 Aarhus, 851 Aalborg).
- STATUSU6 2024 (Statistics Denmark, real): 18–25-year-olds by the municipality where they finished
  primary school, for all 98 municipalities.

<<<<<<<< HEAD:scripts/build_population.py
Method (documented with its measured error in docs/generator.md):
1. The six FOLK1A municipalities keep their real figures (2008–2020).
2. Every other municipality gets its region's population minus those six, shared out in
   proportion to its STATUSU6 count (a cohort of children who grew up there) times a factor per
   kommunegruppe: how many inhabitants the six real municipalities of that group have per
   STATUSU6 youth, relative to their region (1 for groups with none of the six).
3. After 2020 each series is extended by its own straight-line trend over 2015–2020, to 2030.
   These years are extrapolations, marked as such in the `source` column.
The age/sex profiles are FOLK1A's real 2020 counts for the regions and the six municipalities.

Run by `make reference` (through build_reference.py); a test re-runs it and compares bytes.
========
Run `python scripts/build_ssi_population.py [OUT]`; a test re-runs it and compares the bytes with
faelled/ingest/data/population.csv.
>>>>>>>> 40d5566 (Plausibility population: script renamed build_ssi_population.py (the generator ships its own estimate)):scripts/build_ssi_population.py
"""

from __future__ import annotations

import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "data" / "public"
OUT = ROOT / "faelled" / "reference" / "data"

ANCHORS = ("147", "400", "461", "561", "751", "851")
FIRST_REAL, LAST_REAL, LAST_YEAR = 2008, 2020, 2030
TREND_FROM = 2015  # the straight line is fitted to 2015–2020
PROFILE_YEAR = 2020


def _folk1a(src: Path) -> tuple[dict[tuple[str, int], int], dict[tuple[str, str, int], int]]:
    """Totals per (area, year) and the PROFILE_YEAR counts per (area, sex, age)."""
    totals: dict[tuple[str, int], int] = defaultdict(int)
    profile: dict[tuple[str, str, int], int] = {}
    path = src / "dst" / "folk1a_api_csv_codes_2008_2020.csv"
    with path.open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if not row["TID"].endswith("K1"):
                continue
            area, year, n = row["OMRÅDE"], int(row["TID"][:4]), int(row["INDHOLD"])
            totals[(area, year)] += n
            if year == PROFILE_YEAR:
                profile[(area, row["KØN"], int(row["ALDER"]))] = n
    return totals, profile


def _statusu6(src: Path) -> dict[str, int]:
    sys.path.insert(0, str(ROOT))
    from faelled.reference import resolve_place

    out: dict[str, int] = {}
    path = src / "dst" / "statusu6_2024_kommuner_raw.csv"
    with path.open(encoding="cp1252", newline="") as f:
        for row in csv.reader(f):
            place = resolve_place(row[2])
            if place.kind == "municipality":
                out[place.code] = int(row[3])
    if len(out) != 98:
        raise SystemExit(f"STATUSU6 covers {len(out)} of 98 municipalities")
    return out


def _extend(series: dict[int, float]) -> dict[int, float]:
    """Least-squares line over TREND_FROM..LAST_REAL, used for the years after LAST_REAL."""
    xs = list(range(TREND_FROM, LAST_REAL + 1))
    ys = [series[x] for x in xs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    out = dict(series)
    for year in range(LAST_REAL + 1, LAST_YEAR + 1):
        out[year] = my + slope * (year - mx)
    return out


def group_factors(
    totals: dict[tuple[str, int], int],
    cohorts: dict[str, int],
    region_of: dict[str, str],
    group_of: dict[str, str],
    known: list[str],
) -> dict[str, float]:
    """Inhabitants per STATUSU6 youth, relative to the region's, averaged per kommunegruppe over
    the known municipalities (1 for a group without one). Cities hold many adults per child who
    grew up there, so a plain cohort share underestimates them."""
    ratios: dict[str, list[float]] = defaultdict(list)
    for a in known:
        region = region_of[a]
        region_cohorts = sum(cohorts[m] for m, r in region_of.items() if r == region)
        own = totals[(a, LAST_REAL)] / cohorts[a]
        regional = totals[("0" + region[2:], LAST_REAL)] / region_cohorts
        ratios[group_of[a]].append(own / regional)
    return {g: sum(v) / len(v) for g, v in ratios.items()}


def estimate(
    totals: dict[tuple[str, int], int],
    cohorts: dict[str, int],
    region_of: dict[str, str],
    group_of: dict[str, str],
    hide: str | None = None,
) -> dict[str, dict[int, float]]:
    """Population per municipality and year. `hide` treats one anchor as unknown (to measure
    the method's error on it)."""
    known = [a for a in ANCHORS if a != hide]
    factor = group_factors(totals, cohorts, region_of, group_of, known)
    years = range(FIRST_REAL, LAST_REAL + 1)
    out: dict[str, dict[int, float]] = {}
    for a in known:
        out[a] = _extend({y: float(totals[(a, y)]) for y in years})
    for region in sorted(set(region_of.values())):
        dst = "0" + region[2:]  # 1084 → 084
        members = [m for m, r in region_of.items() if r == region and m not in known]
        weights = {m: cohorts[m] * factor.get(group_of[m], 1.0) for m in members}
        weight = sum(weights.values())
        rest = {
            y: totals[(dst, y)] - sum(totals[(a, y)] for a in known if region_of[a] == region)
            for y in years
        }
        rest = _extend({y: float(v) for y, v in rest.items()})
        for m in members:
            out[m] = {y: v * weights[m] / weight for y, v in rest.items()}
    return out


def build(out: Path = OUT, src: Path = SRC) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from faelled.reference import reference

    totals, profile = _folk1a(src)
    cohorts = _statusu6(src)
    region_of = {m.code: m.region_code for m in reference().municipalities}
    group_of = {m.code: m.kommunegruppe_code for m in reference().municipalities}
    est = estimate(totals, cohorts, region_of, group_of)

    out.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "year", "population", "statusu6_2024", "source"])
    for m in sorted(est, key=int):
        for year, value in sorted(est[m].items()):
            if m in ANCHORS:
                source = "folk1a" if year <= LAST_REAL else "folk1a_trend"
            else:
                source = "region_share" if year <= LAST_REAL else "region_share_trend"
            w.writerow([m, year, round(value), cohorts[m], source])
    path_est = out / "population_estimate.csv"
    path_est.write_text(buf.getvalue(), encoding="utf-8")

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["area", "sex", "age", "count"])
    for (area, sex, age), n in sorted(
        profile.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])
    ):
        if area == "000":
            continue
        w.writerow([area, "M" if sex == "1" else "K", age, n])
    path_prof = out / "population_profiles.csv"
    path_prof.write_text(buf.getvalue(), encoding="utf-8")
    return [path_est, path_prof]


def check(src: Path = SRC) -> list[tuple[str, int, int, float]]:
    """Leave-one-out error on the six real municipalities: (code, real, estimate, error)."""
    sys.path.insert(0, str(ROOT))
    from faelled.reference import reference

    totals, _ = _folk1a(src)
    cohorts = _statusu6(src)
    region_of = {m.code: m.region_code for m in reference().municipalities}
    group_of = {m.code: m.kommunegruppe_code for m in reference().municipalities}
    rows = []
    for a in ANCHORS:
        guess = estimate(totals, cohorts, region_of, group_of, hide=a)[a][LAST_REAL]
        real = totals[(a, LAST_REAL)]
        rows.append((a, real, round(guess), guess / real - 1))
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        for code, real, guess, err in check():
            print(f"{code}\treal {real}\testimate {guess}\terror {err:+.1%}")
    else:
        target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
        for p in build(target):
            print(f"{p}\t{p.stat().st_size} bytes")
