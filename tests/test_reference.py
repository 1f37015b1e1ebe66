from __future__ import annotations

import csv
import filecmp
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from faelled.reference import boundaries, reference

from .conftest import PUBLIC, ROOT


def test_build_script_reproduces_the_shipped_tables(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_reference.py"), str(tmp_path)], check=True
    )
    shipped = ROOT / "faelled" / "reference" / "data"
    names = sorted(p.name for p in shipped.iterdir() if p.is_file())
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    _, mismatch, errors = filecmp.cmpfiles(shipped, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_98_municipalities_with_regions_and_groups() -> None:
    ref = reference()
    assert len(ref.municipalities) == 98
    assert len({m.code for m in ref.municipalities}) == 98
    by_region = Counter(m.region_code for m in ref.municipalities)
    assert dict(sorted(by_region.items())) == {
        "1081": 11,
        "1082": 19,
        "1083": 22,
        "1084": 29,
        "1085": 17,
    }
    by_group = Counter(m.kommunegruppe_code for m in ref.municipalities)
    assert dict(sorted(by_group.items())) == {"1": 24, "2": 3, "3": 16, "4": 24, "5": 31}
    assert [g.name for g in ref.kommunegrupper] == [
        "Hovedstadskommuner",
        "Storbykommuner",
        "Provinsbykommuner",
        "Oplandskommuner",
        "Landkommuner",
    ]
    assert len(ref.landsdele) == 11


def test_christianso_is_known_but_not_one_of_the_98() -> None:
    ref = reference()
    assert "411" not in {m.code for m in ref.municipalities}
    assert [m.name for m in ref.outside_division] == ["Christiansø"]


def test_agrees_with_the_independent_join_in_shared_data() -> None:
    with (PUBLIC / "reference" / "kommuner_98_derived.csv").open(encoding="utf-8") as f:
        theirs = {r["kommunekode"]: r for r in csv.DictReader(f)}
    for m in reference().municipalities:
        row = theirs[m.code]
        assert (m.code4, m.name, m.region_code, m.kommunegruppe_code, m.landsdel_code) == (
            row["dawa_kode"],
            row["navn"],
            row["regionskode"],
            row["kommunegruppe_kode"],
            row["landsdel_kode"],
        )
        assert abs(m.lon - float(row["visueltcenter_lon"])) < 1e-9


def test_boundaries_small_and_joined_on_code() -> None:
    path = ROOT / "faelled" / "reference" / "data" / "kommuner.geojson"
    assert path.stat().st_size <= 400_000
    geo = boundaries()
    codes = [f["properties"]["code"] for f in geo["features"]]
    assert sorted(codes) == sorted(m.code for m in reference().municipalities)
    for f in geo["features"]:
        assert f["geometry"]["type"] == "MultiPolygon"
        assert f["geometry"]["coordinates"], f["properties"]
    # Each municipality's centre point lies inside its bounding box (a join on the wrong key
    # would put Skagen's centre in Gedser's box).
    for f in geo["features"]:
        m = reference().municipality(f["properties"]["code"])
        pts = [p for poly in f["geometry"]["coordinates"] for ring in poly for p in ring]
        lons, lats = [p[0] for p in pts], [p[1] for p in pts]
        assert min(lons) <= m.lon <= max(lons) and min(lats) <= m.lat <= max(lats), m.name
    json.dumps(geo)  # serialisable as served
