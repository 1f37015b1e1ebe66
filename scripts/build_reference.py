"""Derive the package's reference tables from the public source files in data/public/.

Run `make reference` (or `python scripts/build_reference.py [OUT_DIR]`). A test re-runs this into a
temporary folder and checks that the result is byte-identical to what ships in
faelled/reference/data/, so the shipped tables can always be traced back to their sources.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "data" / "public"
OUT = ROOT / "faelled" / "reference" / "data"

# Simplification tolerance in degrees (~150 m at Danish latitudes) and coordinate precision
# (4 decimals ≈ 10 m): enough for a national choropleth, and keeps the file under 400 KB.
TOLERANCE = 0.0015
DECIMALS = 4
# Islands smaller than this (square degrees, ~0.1 km²) add bytes but no visible pixels.
MIN_PART_AREA = 2e-5

# Statistics Denmark's English titles for its five municipality groups and the five regions.
KOMGRP_EN = {
    "1": "Capital municipalities",
    "2": "Metropolitan municipalities",
    "3": "Provincial municipalities",
    "4": "Commuter municipalities",
    "5": "Rural municipalities",
}
REGION_EN = {
    "1081": "North Denmark Region",
    "1082": "Central Denmark Region",
    "1083": "Region of Southern Denmark",
    "1084": "Capital Region of Denmark",
    "1085": "Region Zealand",
}


def _read_dst_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, (list, tuple)):
        return [_round(x) for x in obj]
    return obj


def _simplify(geometry: dict[str, Any]) -> dict[str, Any]:
    geom = shape(geometry)
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: p.area)
    kept = [p for p in parts if p.area >= MIN_PART_AREA or p is largest]
    # d3-geo (Vega's projection) reads rings on the sphere: exteriors must run clockwise, the
    # opposite of RFC 7946, or each shape becomes "the whole world except this municipality".
    simplified = [orient(p.simplify(TOLERANCE, preserve_topology=True), sign=-1.0) for p in kept]
    coords = [mapping(p)["coordinates"] for p in simplified if not p.is_empty]
    return {"type": "MultiPolygon", "coordinates": _round(coords)}


def build(out: Path = OUT, src: Path = SRC) -> list[Path]:
    """Write municipalities.csv, regions.csv, kommunegrupper.csv, landsdele.csv and
    kommuner.geojson into `out`; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    dawa = json.loads((src / "reference" / "dawa_kommuner.json").read_text(encoding="utf-8"))
    regions = json.loads((src / "reference" / "dawa_regioner.json").read_text(encoding="utf-8"))
    komgrp = _read_dst_csv(src / "reference" / "dst_kommunegrupper_komgrp.csv")
    nuts = _read_dst_csv(src / "reference" / "dst_geografisk_hierarki_nuts.csv")

    # Kommunegrupper: NIVEAU 1 rows are the groups, each followed by its NIVEAU 2 members.
    groups: dict[str, str] = {}
    group_of: dict[str, str] = {}
    current = ""
    for row in komgrp:
        if row["NIVEAU"] == "1":
            current = row["KODE"]
            groups[current] = row["TITEL"]
        else:
            group_of[row["KODE"]] = current
    komgrp_name = {r["KODE"]: r["TITEL"] for r in komgrp if r["NIVEAU"] == "2"}

    # Geographic hierarchy: region (81–85) → landsdel (1–11) → municipality.
    dst_region = ""
    landsdel = ""
    landsdele: dict[str, tuple[str, str]] = {}
    place: dict[str, tuple[str, str, str]] = {}
    for row in nuts:
        if row["NIVEAU"] == "1":
            dst_region = row["KODE"]
        elif row["NIVEAU"] == "2":
            landsdel = row["KODE"]
            landsdele[landsdel] = (row["TITEL"].removeprefix("Landsdel "), dst_region)
        else:
            place[row["KODE"]] = (dst_region, landsdel, row["TITEL"])

    region_rows = []
    for r in sorted(regions, key=lambda r: r["kode"]):
        region_rows.append([r["kode"], r["kode"][2:], r["navn"], REGION_EN[r["kode"]], r["nuts2"]])

    muni_rows = []
    outside_rows = []
    for k in sorted(dawa, key=lambda k: k["kode"]):
        code = str(int(k["kode"]))
        _, ld, dst_name = place[code]
        lon, lat = k["visueltcenter"]
        if k["udenforkommuneinddeling"]:
            outside_rows.append([code, k["kode"], k["navn"], k["regionskode"], ld, lon, lat])
            continue
        grp = group_of[code]
        muni_rows.append(
            [
                code,
                k["kode"],
                k["navn"],
                dst_name,
                komgrp_name[code],
                k["regionskode"],
                k["region"]["navn"],
                ld,
                landsdele[ld][0],
                grp,
                groups[grp],
                lon,
                lat,
            ]
        )
    muni_codes = {r[0] for r in muni_rows}
    if len(muni_rows) != 98 or set(group_of) != muni_codes:
        raise SystemExit("sources disagree on the 98 municipalities")

    written = []
    path = out / "municipalities.csv"
    _write_csv(
        path,
        [
            "code",
            "code4",
            "name",
            "name_dst",
            "name_komgrp",
            "region_code",
            "region_name",
            "landsdel_code",
            "landsdel_name",
            "kommunegruppe_code",
            "kommunegruppe_name",
            "lon",
            "lat",
        ],
        muni_rows,
    )
    written.append(path)
    path = out / "outside_division.csv"
    _write_csv(
        path, ["code", "code4", "name", "region_code", "landsdel_code", "lon", "lat"], outside_rows
    )
    written.append(path)
    path = out / "regions.csv"
    _write_csv(path, ["code", "dst_code", "name", "name_en", "nuts2"], region_rows)
    written.append(path)
    path = out / "kommunegrupper.csv"
    _write_csv(
        path,
        ["code", "name", "name_en"],
        [[c, n, KOMGRP_EN[c]] for c, n in sorted(groups.items())],
    )
    written.append(path)
    path = out / "landsdele.csv"
    _write_csv(
        path,
        ["code", "name", "dst_region_code"],
        [[c, n, r] for c, (n, r) in sorted(landsdele.items(), key=lambda kv: int(kv[0]))],
    )
    written.append(path)

    geo = json.loads((src / "geo" / "kommuner_simplified.geojson").read_text(encoding="utf-8"))
    names = {r[1]: r[2] for r in muni_rows}
    features = []
    for f in sorted(geo["features"], key=lambda f: f["properties"]["kode"]):
        code4 = f["properties"]["kode"]
        if code4 not in names:  # Christiansø has no municipal boundary of its own in the map
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"code": str(int(code4)), "name": names[code4]},
                "geometry": _simplify(f["geometry"]),
            }
        )
    if len(features) != 98:
        raise SystemExit(f"boundaries cover {len(features)} of 98 municipalities")
    path = out / "kommuner.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        encoding="utf-8",
    )
    written.append(path)
    # The published population ingest's plausibility rules compare with: SSI's table of 5 August
    # 2020 (BOM, `;`, space padding, "." as thousands separator).
    path = out / "population_ssi_2020.csv"
    with (src / "ssi" / "ssi_municipality_test_pos_2020-08-05_original_format.csv").open(
        encoding="utf-8-sig", newline=""
    ) as f:
        ssi = list(csv.DictReader(f, delimiter=";"))
    population = sorted(
        (
            int(r["Kommune_(id)"].strip()),
            int(r["Befolkningstal"].strip().replace(".", "")),
        )
        for r in ssi
        if r["Kommune_(id)"].strip() in muni_codes  # not Christiansø (outside the division)
    )
    if {str(c) for c, _ in population} != muni_codes:
        raise SystemExit("the SSI population does not cover the 98 municipalities")
    _write_csv(
        path,
        ["municipality", "year", "population", "source"],
        [[c, 2020, n, "SSI 2020-08-05 (Befolkningstal)"] for c, n in population],
    )
    written.append(path)
    # The population estimate the generator sizes itself by (its own script: a different concept).
    from build_population import build as build_population

    written.extend(build_population(out, src))
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for p in build(target):
        print(f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}\t{p.stat().st_size} bytes")
