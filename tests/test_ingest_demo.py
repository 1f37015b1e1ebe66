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


def test_generated_accounts_are_plausible_at_the_demo_scale(settings: Settings) -> None:
    """The accounts plausibility rule used to warn for every municipality of the demo: its
    amounts follow the generated (scaled) population, the rule compared with the real one."""
    import json

    from .conftest import run_cli

    root = extracts_dir(settings)
    run_cli("generate", "--out", str(root), "--scale", "0.01", "--years", "2022-2023",
            "--municipalities", "101,851", "--quiet")  # fmt: skip
    for folder in root.iterdir():  # the two datasets this is about
        if folder.is_dir() and folder.name not in ("accounts", "population"):
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
    ingest_extracts(settings, progress=lambda _: None)
    with open_database(settings) as db:
        [report] = [r for (r,) in db.backend.con.execute(
            "SELECT report FROM loads WHERE dataset = 'accounts'").fetchall()]  # fmt: skip
        amounts = db.table("accounts")
        # A delivery in thousands of kroner is still caught (1000× off).
        t = amounts.filter(amounts.municipality == "851").to_pyarrow().to_pylist()
    rules = {f["rule"] for f in json.loads(report)["findings"]}
    assert "accounts-plausible" not in rules
    header = ["kommune", "aar", "funktion", "funktionsnavn", "hovedkonto", "art", "beloeb_kr"]
    write_csv(root / "accounts_k" / "851.csv", [
        *([r["municipality"], str(r["year"]), r["function"], r["function_name"],
           str(r["main_account"]), r["kind"], str(round(r["amount_dkk"] / 1000))] for r in t),
    ], header=header)  # fmt: skip
    from faelled.catalog.contracts import get_contract
    from faelled.ingest import validate_files

    [checked] = validate_files(
        settings, [root / "accounts_k" / "851.csv"], get_contract("accounts")
    )
    assert checked.report is not None
    [finding] = [f for f in checked.report.findings if f.rule == "accounts-plausible"]
    assert finding.severity == "warning" and "1 municipalities" in finding.message.en
