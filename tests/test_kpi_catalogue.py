from __future__ import annotations

import json
from pathlib import Path

import pytest

from faelled.errors import InputError
from faelled.kpi.catalogue import Catalogue, Entry, read_kolada_metadata

from . import kpi_fixtures as fx
from .conftest import PUBLIC, run_cli

KOLADA = PUBLIC / "kolada" / "rkolada_kpi_metadata.csv"


@pytest.fixture(scope="module")
def kolada() -> Catalogue:
    return Catalogue(read_kolada_metadata(KOLADA))


def test_all_6099_real_definitions_load(kolada: Catalogue) -> None:
    assert len(kolada) == 6099
    assert kolada.entries["N00003"].title == "Personalkostnader, kr/inv"


def test_search_matches_every_word_as_a_prefix_folding_letters(kolada: Catalogue) -> None:
    hits = kolada.search("hemtjänst kostnad")
    assert hits and all(
        "hemtjänst" in e.title.lower() and "kostnad" in e.title.lower() for e in hits
    )
    assert kolada.search("HEMTJANST KOSTNAD") == hits  # case and ä folded
    assert [e.id for e in kolada.search("N00003")] == ["N00003"]
    assert kolada.search("zzzz") == []


def test_domain_filter(kolada: Catalogue) -> None:
    hits = kolada.search("kostnad", domain="Kommunen, övergripande", limit=10_000)
    assert hits and {e.domain for e in hits} == {"Kommunen, övergripande"}


def test_computable_entries_rank_first() -> None:
    cat = Catalogue(
        [
            Entry("a", "Andel på ydelse", "", "employment", "kolada", False),
            Entry("b", "Andel på ydelse", "", "employment", "faelled", True),
        ]
    )
    assert [e.id for e in cat.search("andel")] == ["b", "a"]


def test_equal_titles_come_in_id_order_whatever_the_set_order() -> None:
    # Built in both orders: the result may not depend on insertion or hash order.
    entries = [Entry(i, "Andel", "", "employment", "kolada", False) for i in ("c", "a", "b")]
    for built in (entries, entries[::-1]):
        assert [e.id for e in Catalogue(built).search("andel")] == ["a", "b", "c"]


def test_a_file_without_the_columns_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="mangler"):
        read_kolada_metadata(bad)


def test_cli_import_and_search(home: Path) -> None:
    out = run_cli("kpi", "import-catalogue", str(KOLADA), home=home).stdout
    assert "6099" in out
    found = json.loads(run_cli("kpi", "search", "hemtjänst", "--json", home=home).stdout)
    assert found["count"] == 20 and all(v["source"] == "kolada" for v in found["values"])
    # Importing again replaces rather than duplicates.
    run_cli("kpi", "import-catalogue", str(KOLADA), home=home)
    again = json.loads(run_cli("kpi", "search", "N00003", "--json", home=home).stdout)
    assert again["count"] == 1


def test_cli_unknown_kpi_is_a_clear_error(home: Path) -> None:
    proc = run_cli("kpi", "show", "emp_benefit_shar", home=home, check=False)
    assert proc.returncode == 1 and "Ukendt nøgletal" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_fixture_kpi_is_valid() -> None:
    assert fx.benefit_share().datasets == {"benefit_spells", "persons", "population"}
