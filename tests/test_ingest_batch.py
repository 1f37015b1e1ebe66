"""Many deliveries as one load: per-file row numbers, policy, leak guard and municipality."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from faelled.catalog.contracts import get_contract
from faelled.engine import open_database
from faelled.ingest import ingest, list_loads, quarantine_rows
from faelled.settings import Settings

from .conftest import run_cli
from .ingest_helpers import CPRS, HEADER, snapshot, spells, write_csv


def _folder(tmp: Path) -> Path:
    folder = tmp / "benefit_spells"
    write_csv(folder / "101_2023.csv", spells("101", n=40))  # UTF-8, ';'
    cp = spells("147", n=30)
    cp[4][3] = "bogus"  # one bad row of 30: quarantined
    write_csv(folder / "147_2023.csv", cp, encoding="cp1252")
    bad = spells("151", n=4)
    bad[0][4] = "31-02-2023"  # a quarter invalid: this file is refused on its own
    write_csv(folder / "151_2023.csv", bad)
    wrong = spells("851", n=5)  # the name says 153, the rows say 851
    write_csv(folder / "153_2023.csv", wrong)
    leak = spells("157", n=3)
    leak[1][1] = f"Gentofte {CPRS[3]}"  # a CPR number in free text: set aside
    write_csv(folder / "157_2023.csv", leak)
    rows = spells("159", n=5)
    pq.write_table(
        pa.table({name: [r[i] or None for r in rows] for i, name in enumerate(HEADER)}),
        folder / "159_2023.parquet",
    )
    return folder


def test_a_folder_as_one_load(settings: Settings, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    results = ingest(settings, [folder], get_contract("benefit_spells"), one_load=True)
    batch, *aside = results
    assert batch.status == "quarantined" and batch.load_id
    assert batch.report is not None
    assert batch.report.flatten(["rule", "row"]) == [["forbidden-value", 6]]
    sample = batch.report.finding("forbidden-value").sample[0]
    assert sample == {"file": "147_2023.csv", "row": 6, "benefit": "bogus"}
    assert [(r.file, r.status) for r in aside] == [
        ("157_2023.csv", "failed"),
        ("151_2023.csv", "rejected"),
        ("153_2023.csv", "rejected"),
    ]
    # A refused file's findings are in the report it was refused by, naming the file.
    wrong = aside[2].report
    assert wrong is not None
    finding = wrong.finding("wrong-municipality")
    assert finding.rows == (2, 3, 4, 5, 6) and finding.sample[0]["file"] == "153_2023.csv"
    leak = next(r for r in aside if r.file == "157_2023.csv")
    assert "kolonne/column 'municipality'" in leak.message.da and CPRS[3] not in leak.message.da
    with open_database(settings) as db:
        t = db.table("benefit_spells")
        got = t.group_by("municipality").aggregate(n=t.count()).to_pyarrow().to_pylist()
        assert sorted((g["municipality"], g["n"]) for g in got) == [
            ("101", 40), ("147", 29), ("159", 5)
        ]  # fmt: skip
        [load] = list_loads(db)
        assert load["rows_quarantined"] == 1 and load["rows_current"] == 74
        quarantined = quarantine_rows(db, batch.load_id)
        assert {(q["file"], q["row"]) for q in quarantined} >= {("147_2023.csv", 6)}
    before = snapshot(settings)
    [again] = ingest(settings, [folder], get_contract("benefit_spells"), one_load=True)[:1]
    assert again.status == "skipped" and snapshot(settings) == before


def test_the_cli_loads_a_folder_as_one(home: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    proc = run_cli(
        "ingest",
        str(folder),
        "-d",
        "benefit_spells",
        "--one-load",
        "--json",
        home=home,
        check=False,
    )
    assert proc.returncode == 1  # two files were refused
    results = json.loads(proc.stdout)
    assert [r["status"] for r in results] == ["quarantined", "failed", "rejected", "rejected"]
    assert "Traceback" not in proc.stderr
