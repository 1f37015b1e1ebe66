"""The demo's ingest step: the generator's extract folders through the real pipeline."""

from __future__ import annotations

from pathlib import Path

from faelled.engine import open_database
from faelled.ingest.demo import extracts_dir, ingest_extracts
from faelled.settings import Settings

from .ingest_helpers import spells, write_csv


def test_demo_ingests_every_dataset_folder_and_is_idempotent(settings: Settings) -> None:
    root = extracts_dir(settings)
    write_csv(root / "benefit_spells" / "101_2023.csv", spells("101"))
    write_csv(root / "benefit_spells" / "851_2023.csv", spells("851"))
    bad = spells("147", n=3)
    bad[0][3] = "bogus"
    write_csv(root / "benefit_spells" / "147_2023.csv", bad)
    (root / "no_such_dataset").mkdir()
    (root / "manifest.json").write_text("{}", encoding="utf-8")
    lines: list[str] = []
    # (build_demo runs this step after generating; the generator is tested on its own.)
    ingest_extracts(settings, progress=lines.append)
    with open_database(settings) as db:
        tables = db.row_counts()
    # One load for the folder; the file with a third of its rows invalid is refused on its own.
    assert tables["benefit_spells"] == 12
    assert any("benefit_spells: 1 loaded, 1 rejected" in line for line in lines), lines
    assert any("no_such_dataset" in line for line in lines)
    again = ingest_extracts(settings, progress=lambda _: None)
    assert again["benefit_spells"] == {"skipped": 1}


def test_without_extracts_the_step_does_nothing(tmp_path: Path) -> None:
    assert ingest_extracts(Settings(home=tmp_path / "none"), progress=print) == {}
