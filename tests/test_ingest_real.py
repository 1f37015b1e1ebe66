"""Real public files as municipalities and analysts meet them (data/public/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from faelled.engine import open_database
from faelled.ingest import ingest, resolve_contract, validate_files
from faelled.settings import Settings

from .conftest import PUBLIC, ROOT, run_cli
from .ingest_helpers import CONTRACTS

SSI = PUBLIC / "ssi"
ORIGINAL = SSI / "ssi_municipality_test_pos_2020-08-05_original_format.csv"
RESAVED = SSI / "ssi_municipality_test_pos_2020-08-04.csv"


def test_ssi_original_format_loads_with_a_user_contract(settings: Settings) -> None:
    contract = resolve_contract(settings, None, CONTRACTS / "ssi_test_pos.yaml")
    [r] = ingest(settings, [ORIGINAL], contract)
    # Christiansø (411) is in the file but is not one of the 98: its row is quarantined.
    assert (r.status, r.rows_accepted, r.rows_quarantined) == ("quarantined", 98, 1)
    assert r.report is not None
    assert r.report.flatten(["rule", "row"]) == [["unknown-municipality", 49]]
    stats = r.report.stats
    assert (stats["encoding"], stats["delimiter"]) == ("utf-8-sig", ";")
    assert stats["numbers"] == "decimal ',', tusinder '.'"
    with open_database(settings) as db:
        rows = {x["municipality"]: x for x in db.table("ssi_test_pos").to_pyarrow().to_pylist()}
    assert len(rows) == 98
    kbh = rows["101"]
    assert (kbh["tested"], kbh["confirmed"], kbh["population"], kbh["incidence"]) == (
        167293,
        2807,
        632340,
        444,
    )
    assert kbh["name"] == "København" and kbh["confirmed_marker"] is None
    # "<10" is kept as the suppressed marker, never as a number or as missing.
    langeland = rows["482"]
    assert (langeland["confirmed"], langeland["confirmed_marker"]) == (None, "<10")
    assert (langeland["population"], langeland["incidence_marker"]) == (12491, "<10")


def test_the_careless_resave_is_caught_by_the_plausibility_rule(home: Path) -> None:
    proc = run_cli(
        "ingest",
        str(RESAVED),
        "--contract",
        str(CONTRACTS / "ssi_test_pos.yaml"),
        "--json",
        home=home,
        check=False,
    )
    assert proc.returncode == 1
    [result] = json.loads(proc.stdout)
    assert result["status"] == "rejected"
    findings = {f["rule"]: f for f in result["report"]["findings"]}
    plausible = findings["population-plausible"]
    assert plausible["severity"] == "error" and plausible["count"] == 98
    assert "København (101): 632.34 / 632340" in plausible["message"]["en"]
    assert plausible["sample"][0] == {"row": 2, "municipality": "101", "population": "632.34"}
    # "<10" became 5 in the re-save: below the contract's minimum for a shown count.
    assert findings["out-of-range"]["column"] == "confirmed"
    settings = Settings(home=home)
    with open_database(settings, read_only=True) as db:
        assert not db.has_table("ssi_test_pos")


def test_statbank_download_without_header_and_with_names(settings: Settings) -> None:
    """STATUSU6 as downloaded: Windows-1252, no header row, municipality names."""
    contract = resolve_contract(settings, None, CONTRACTS / "statusu6.yaml")
    [r] = ingest(settings, [PUBLIC / "dst" / "statusu6_2024_kommuner_raw.csv"], contract)
    assert (r.status, r.rows_accepted, r.rows_quarantined) == ("quarantined", 98, 2)
    assert r.report is not None and r.report.stats["encoding"] == "cp1252"
    assert r.report.stats["header"] is False
    [finding] = r.report.errors
    assert finding.rule == "unknown-municipality" and finding.rows == (1, 31)  # landet, Christiansø
    with open_database(settings) as db:
        t = db.table("statusu6")
        got = t.filter(t.municipality == "101").to_pyarrow().to_pylist()
    assert got[0]["dropped_out"] == 2676 and got[0]["year"] == 2024


def test_statbank_api_csv_and_json_stat(settings: Settings, tmp_path: Path) -> None:
    contract_dir = tmp_path / "contracts"
    contract_dir.mkdir()
    (contract_dir / "folk1a.yaml").write_text(
        """
name: folk1a
domain: structure
title: {da: Folketal, en: Population}
description: {da: FOLK1A, en: FOLK1A}
columns:
  - {name: area, type: string, description: {da: Område, en: Area}, aliases: [OMRÅDE]}
  - {name: sex, type: integer, description: {da: Køn, en: Sex}, aliases: [KØN], allowed: [1, 2]}
  - {name: age, type: string, description: {da: Alder, en: Age}, aliases: [ALDER]}
  - {name: quarter, type: string, description: {da: Kvartal, en: Quarter}, aliases: [TID, Tid]}
  - {name: persons, type: integer, description: {da: Antal, en: Persons},
     aliases: [INDHOLD, value], range: {min: 0}}
keys: [area, sex, age, quarter]
partition: {columns: [area]}
retention_years: 10
""",
        encoding="utf-8",
    )
    contract = resolve_contract(settings, None, contract_dir / "folk1a.yaml")
    [r] = validate_files(
        settings, [PUBLIC / "dst" / "folk1a_api_csv_codes_2008_2020.csv"], contract
    )
    assert r.report is not None and r.report.valid, r.report.to_dict()
    assert r.rows_read > 1000
    recordings = json.loads(
        (PUBLIC / "dst" / "denstatbank_test_recordings_trimmed.json").read_text(encoding="utf-8")
    )
    jsonstat = tmp_path / "folk1a_2020K1.json"
    jsonstat.write_text(
        json.dumps(recordings["data_jsonstat_FOLK1A_total_2020K1"]), encoding="utf-8"
    )
    [js] = validate_files(settings, [jsonstat], contract, user_map={"ContentsCode": "area"})
    # JSON-stat has no sex or age dimension here: the report says which columns are missing.
    assert js.status == "failed" and "'sex'" in js.message.en


def test_population_reference_is_reproducible(tmp_path: Path) -> None:
    out = tmp_path / "population.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_ssi_population.py"), str(out)], check=True
    )
    shipped = ROOT / "faelled" / "reference" / "data" / "population_ssi_2020.csv"
    assert out.read_bytes() == shipped.read_bytes()
    assert len(out.read_text(encoding="utf-8").splitlines()) == 99  # header + 98
