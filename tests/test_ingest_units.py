"""The pieces of ingest on their own: detection, mapping, pseudonyms, JSON-stat."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from faelled.catalog.contracts import get_contract
from faelled.errors import InputError, SettingsError
from faelled.ingest.files import expand, inspect
from faelled.ingest.mapping import map_columns, name_key, parse_map_args, read_mapping_file
from faelled.ingest.pseudonym import (
    Pseudonymiser,
    contains_cpr,
    installation_key,
    is_cpr,
    key_path,
    mask,
)
from faelled.ingest.readers import jsonstat_rows
from faelled.ingest.sniff import NumberFormat, detect_date_format, detect_number_format
from faelled.settings import Settings

from .conftest import PUBLIC


@pytest.mark.parametrize(
    ("values", "delimiter", "integers", "expected"),
    [
        (["167.293", "2.807", "632.340", "444"], ";", [], (",", ".")),  # SSI original
        (["163.97", "2.788", "632.34", "104.305"], ";", [], (".", "")),  # the careless re-save
        (["1.234,50", "17,5"], ";", [], (",", ".")),
        (["12,5", "3"], ";", [], (",", "")),
        (["1.234"], ",", ["1.234"], (",", ".")),  # a whole-number column: only thousands
        (["1.234"], ",", [], (".", "")),
        (["1,234", "12,345.5"], ",", [], (".", ",")),
        ([], ";", [], (",", "")),
    ],
)
def test_number_format_detection(
    values: list[str], delimiter: str, integers: list[str], expected: tuple[str, str]
) -> None:
    got = detect_number_format(values, delimiter=delimiter, integers=integers)
    assert got == NumberFormat(*expected)


def test_date_format_detection_takes_the_most_common() -> None:
    assert detect_date_format(["31-01-2023", "01-02-2023", "2023-02-03"]) == "dd-mm-yyyy"
    assert detect_date_format(["31.01.2023"]) == "dd.mm.yyyy"
    assert detect_date_format(["2023-01-31", "2023-02-01"]) == "yyyy-mm-dd"
    assert detect_date_format([]) == "dd-mm-yyyy"


def test_names_compare_without_case_punctuation_or_danish_spelling() -> None:
    assert name_key("Kommune_(id)") == name_key(" kommune id ") == "kommune_id"
    assert name_key("År") == name_key("aar") == "aar"
    assert name_key("\ufeffCPR-nr.") == "cpr_nr"


def test_mapping_by_alias_user_map_and_position(tmp_path: Path) -> None:
    spells = get_contract("benefit_spells")
    first = ["CPR", "Kommunekode", "År", "Ydelse", "Start", "Slut", "Sagsbehandler"]
    m = map_columns(tmp_path / "f.csv", first, spells, {})
    assert m.header and m.positions["year"] == 2 and m.extra == ["Sagsbehandler"]
    m = map_columns(tmp_path / "f.csv", ["id", *first[1:6]], spells, {"id": "person_id"})
    assert m.positions["person_id"] == 0
    row = ["0101901234", "101", "2023", "fleksjob", "01-01-2023", ""]
    m = map_columns(tmp_path / "f.csv", row, spells, {})
    # By position; the trailing optional column (comment) may be left out.
    assert not m.header and m.positions == {c.name: i for i, c in enumerate(spells.columns[:6])}
    with pytest.raises(InputError, match="ingen kolonne 'nope'"):
        map_columns(tmp_path / "f.csv", first, spells, {"CPR": "nope"})


def test_map_arguments_and_mapping_files(tmp_path: Path) -> None:
    assert parse_map_args(["A=b", " c = d "]) == {"A": "b", "c": "d"}
    with pytest.raises(InputError, match="KILDE=KOLONNE"):
        parse_map_args(["nope"])
    yaml_file = tmp_path / "m.yaml"
    yaml_file.write_text("Kommunenr: municipality\n3: year\n", encoding="utf-8")
    assert read_mapping_file(yaml_file) == {"Kommunenr": "municipality", "3": "year"}
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="kilde: kolonne"):
        read_mapping_file(bad)


def test_cpr_detection_and_masking() -> None:
    assert is_cpr("010190-1234") and is_cpr("0101901234") and not is_cpr("3201901234")
    assert not is_cpr("01019012345")
    assert contains_cpr("ring til 010190-1234 i dag") and not contains_cpr("tlf 12345678")
    assert not contains_cpr("konto 1234010190123456")  # part of a longer number
    assert mask("010190-12a") == "######-##a"


def test_the_engine_pseudonym_is_the_hmac(tmp_path: Path) -> None:
    p = Pseudonymiser(bytes(range(32)))
    # Pinned: the values the earlier SQL formula gave for this key; a change would re-key
    # every citizen of every installation.
    pinned = {"0101901234": "7I7p8RcVYtx6uFYBQrnBdg", "3112991234": "wOy17iUntIZ3CTSUaZg2Xg"}
    for digits, expected in pinned.items():
        assert p.pseudonym(digits) == expected
        assert p.pseudonym(digits[:6] + "-" + digits[6:]) == expected
    con = duckdb.connect()
    with p.registered(con) as fn:
        got = con.execute(
            f"SELECT {fn}(d) FROM (VALUES ('0101901234', 1), (NULL, 2), ('3112991234', 3), "
            "('0101901234', 4)) v(d, i) ORDER BY i"
        ).fetchall()
    assert [g for (g,) in got] == [pinned["0101901234"], None, pinned["3112991234"],
                                   pinned["0101901234"]]  # fmt: skip
    with pytest.raises(duckdb.Error):  # the function exists only inside the block
        con.execute(f"SELECT {fn}('0101901234')")
    many = [f"{d:02d}0190{n:04d}" for d in range(1, 29) for n in range(0, 10000, 97)]
    vectorised = p.pseudonyms(pa.array(many)).to_pylist()
    assert vectorised == [p.pseudonym(d) for d in many]
    assert all(len(v) == 22 and not contains_cpr(v) for v in vectorised)
    with pytest.raises(ValueError, match="not a CPR number") as info:
        p.pseudonym("12")
    assert "12" not in str(info.value)


def test_the_installation_key_is_private_and_refused_when_exposed(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "h")
    key = installation_key(settings)
    assert installation_key(settings) == key and len(key) == 32
    path = key_path(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    os.chmod(path, 0o644)
    with pytest.raises(SettingsError, match="chmod 600") as info:
        installation_key(settings)
    assert key.hex() not in str(info.value)


def test_a_folder_expands_to_its_deliveries(tmp_path: Path) -> None:
    for name in ("101_2023.csv", "147.xlsx", "manifest.json", ".hidden.csv", "notes.md", "x.json"):
        (tmp_path / name).write_text("a;b\n1;2\n", encoding="utf-8")
    assert [p.name for p in expand([tmp_path])] == ["101_2023.csv", "147.xlsx", "x.json"]


def test_content_decides_the_kind_not_the_name(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "extract.csv"
    pq.write_table(pa.table({"a": [1]}), path)
    assert inspect(path).kind == "parquet"


def test_json_stat_becomes_a_long_table() -> None:
    recordings = json.loads(
        (PUBLIC / "dst" / "denstatbank_test_recordings_trimmed.json").read_text(encoding="utf-8")
    )
    names, rows = jsonstat_rows(
        recordings["data_BEF5_sex_country_2018_2019_dimension_only"]
        if "data_BEF5_sex_country_2018_2019_dimension_only" in recordings
        else _bef5(recordings)
    )
    got = list(rows)
    assert names == [
        "KØN",
        "KØN_label",
        "FODLAND",
        "FODLAND_label",
        "ContentsCode",
        "ContentsCode_label",
        "Tid",
        "Tid_label",
        "value",
    ]
    assert len(got) == 8
    assert got[0] == [
        "M",
        "Men",
        "5101",
        "Greenland",
        "BEF5",
        "Population 1. January",
        "2018",
        "2018",
        "7016",
    ]
    assert got[-1][-1] == "2787" and got[-1][0] == "K"
    names, rows = jsonstat_rows(recordings["data_jsonstat_FOLK1A_total_2020K1"])
    assert list(rows) == [
        ["FOLK1A", "Population at the first day of the quarter", "2020K1", "2020Q1", "5822763"]
    ]


def _bef5(recordings: dict[str, object]) -> object:
    return recordings["data_jsonstat_BEF5_sex_country_2018_2019_dimension_only"]
