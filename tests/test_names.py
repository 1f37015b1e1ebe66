from __future__ import annotations

import csv

import pytest

from faelled.errors import AmbiguousName, UnknownName
from faelled.reference import reference, resolve, resolve_place
from faelled.reference.names import Place, _index, _pick

from .conftest import PUBLIC


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("koebenhavn", "101"),
        ("dragoer", "155"),
        ("taarnby", "185"),
        ("aeroe", "492"),
        ("Nordfyn", "480"),
        ("Nordfyns", "480"),
        ("Vesthimmerland", "820"),
        ("Høje-Taastrup", "169"),
        ("Høje Taastrup", "169"),
        ("hoejetaastrup", "169"),
        ("  AALBORG ", "851"),
        ("Københavns Kommune", "101"),
        ("Kobenhavn", "101"),
        ("Århus", "751"),
        ("lyngbytaarbaek", "173"),
        ("ringkoebingskjern", "760"),
        ("101", "101"),
        ("0101", "101"),
        ("851", "851"),
    ],
)
def test_spellings_real_files_use(name: str, code: str) -> None:
    assert resolve(name) == code


def test_country_region_and_christianso() -> None:
    assert resolve_place("Hele landet") == Place("000", "Hele landet", "country")
    assert resolve_place("Region Hovedstaden").code == "1084"
    assert resolve_place("084").code == "1084"
    assert resolve_place("Christiansø") == Place("411", "Christiansø", "outside")
    with pytest.raises(UnknownName, match="not one of the 98"):
        resolve("Christiansø")


def test_every_name_in_the_dst_statusu6_file_resolves() -> None:
    with (PUBLIC / "dst" / "statusu6_2024_kommuner_raw.csv").open(encoding="cp1252") as f:
        names = [row[2] for row in csv.reader(f)]
    assert len(names) == 100
    codes = {}
    for name in names:
        place = resolve_place(name)
        codes[name] = place.code
        if place.kind == "municipality":
            # StatBank writes Statistics Denmark's own names: the code must be that name's.
            assert reference().municipality(place.code).name_dst == name
    assert codes["Hele landet"] == "000"
    assert codes["Christiansø"] == "411"
    assert len({c for c in codes.values()} - {"000", "411"}) == 98


def test_every_name_in_the_ascii_burglary_file_resolves() -> None:
    with (PUBLIC / "dst" / "mapdk_crime_burglaries_2009.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    codes = [resolve(r["kommune"]) for r in rows]
    assert len(rows) == 98 and len(set(codes)) == 98
    by_name = dict(zip((r["kommune"] for r in rows), codes, strict=True))
    assert by_name["koebenhavn"] == "101"
    assert by_name["faaborgmidtfyn"] == "430"
    assert by_name["vesthimmerlands"] == "820"
    assert by_name["broenderslev"] == "810"


def test_unknown_name_names_the_closest_candidates() -> None:
    with pytest.raises(UnknownName) as info:
        resolve("Aalborgg")
    assert info.value.candidates[0] == "Aalborg (851)"
    with pytest.raises(UnknownName):
        resolve("999")


def test_no_two_places_share_a_key_so_no_input_is_silently_guessed() -> None:
    idx = _index()
    assert all(len(v) == 1 for v in idx.strict.values())
    assert all(len(v) == 1 for v in idx.loose.values())


def test_a_key_that_fits_two_places_is_an_error_with_both() -> None:
    a, b = Place("1", "A", "region"), Place("2", "B", "region")
    with pytest.raises(AmbiguousName) as info:
        _pick("x", frozenset({a, b}))
    assert info.value.candidates == ["A (1)", "B (2)"]
