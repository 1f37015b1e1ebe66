"""Loads: atomic, idempotent, partition-replacing, with lineage, quarantine and quality."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from faelled.access.policy import Actor
from faelled.access.users import add_user
from faelled.catalog.contracts import get_contract
from faelled.engine import open_database
from faelled.ingest import (
    get_load,
    ingest,
    list_loads,
    load_report,
    quality,
    quarantine_counts,
    quarantine_rows,
    resolve_contract,
)
from faelled.ingest import swap as swap_module
from faelled.ingest.pseudonym import CPR_IN_TEXT, Pseudonymiser, installation_key, key_path
from faelled.settings import Settings

from .conftest import run_cli
from .ingest_helpers import CONTRACTS, CPRS, HEADER, snapshot, spells, write_csv


def _spells(settings: Settings, *paths: Path, **kw: object) -> list:  # type: ignore[type-arg]
    return ingest(settings, list(paths), get_contract("benefit_spells"), **kw)  # type: ignore[arg-type]


def test_a_valid_delivery_loads_with_lineage_and_quality(
    settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "101_2023.csv", spells())
    [result] = _spells(settings, path, actor="analyst")
    assert result.status == "loaded" and result.rows_accepted == 6 and result.load_id
    with open_database(settings) as db:
        rows = db.table("benefit_spells").to_pyarrow().to_pylist()
        assert {r["municipality"] for r in rows} == {"101"} and len(rows) == 6
        assert {r["_load_id"] for r in rows} == {result.load_id}
        assert all(re.fullmatch(r"[A-Za-z0-9+/]{22}", r["person_id"]) for r in rows)
        load = get_load(db, result.load_id)
        assert load["actor"] == "analyst" and load["rows_read"] == 6
        assert load["partitions"] == [{"municipality": "101", "year": 2023}]
        assert load_report(db, result.load_id).valid
        [q] = quality(db, dataset="benefit_spells")
        assert q["municipality"] == "101" and q["validity"] == 1.0 and q["uniqueness"] == 1.0
        assert q["completeness"] == 1.0 and 0 <= q["score"] <= 1


def test_same_file_twice_is_a_no_op_with_a_message(settings: Settings, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "101_2023.csv", spells())
    [first] = _spells(settings, path)
    before = snapshot(settings)
    [second] = _spells(settings, path)
    assert second.status == "skipped" and first.load_id in second.message.en
    assert snapshot(settings) == before
    [forced] = _spells(settings, path, force=True)
    assert forced.status == "loaded" and forced.rows_replaced == 6


def test_a_reload_replaces_only_its_partition(settings: Settings, tmp_path: Path) -> None:
    _spells(
        settings,
        write_csv(tmp_path / "a" / "101_2023.csv", spells("101", 2023, 6)),
        write_csv(tmp_path / "a" / "101_2022.csv", spells("101", 2022, 4)),
        write_csv(tmp_path / "a" / "851_2023.csv", spells("851", 2023, 5)),
    )
    [again] = _spells(settings, write_csv(tmp_path / "b" / "101_2023.csv", spells("101", 2023, 2)))
    assert again.rows_replaced == 6 and again.rows_accepted == 2
    with open_database(settings) as db:
        t = db.table("benefit_spells")
        counts = t.group_by("municipality", "year").aggregate(n=t.count()).to_pyarrow().to_pylist()
        assert sorted((c["municipality"], c["year"], c["n"]) for c in counts) == [
            ("101", 2022, 4),
            ("101", 2023, 2),
            ("851", 2023, 5),
        ]
        loads = list_loads(db, dataset="benefit_spells")
        assert [ld["rows_current"] for ld in loads if ld["file_name"] == "101_2023.csv"] == [2, 0]


def test_a_failure_inside_the_swap_leaves_everything_unchanged(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _spells(settings, write_csv(tmp_path / "a" / "101_2023.csv", spells()))
    before = snapshot(settings)

    def broken(plan: object, replaced: int) -> list:  # type: ignore[type-arg]
        raise RuntimeError("disk full")  # after DELETE and INSERT, before the lineage row

    monkeypatch.setattr(swap_module, "_bookkeeping", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        _spells(settings, write_csv(tmp_path / "b" / "101_2023.csv", spells(n=3)))
    assert snapshot(settings) == before


def test_a_first_load_that_fails_leaves_no_empty_table(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swap_module, "_bookkeeping", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        _spells(settings, write_csv(tmp_path / "101_2023.csv", spells()))
    assert "benefit_spells" not in snapshot(settings)


def test_invalid_rows_go_to_quarantine_below_the_threshold(
    settings: Settings, tmp_path: Path
) -> None:
    rows = spells(n=40)
    rows[7][3] = "kontanthjaelp"  # not the allowed spelling
    rows[9][5] = "01-01-2023"  # ends before it starts
    [r] = _spells(settings, write_csv(tmp_path / "101_2023.csv", rows))
    assert r.status == "quarantined" and (r.rows_accepted, r.rows_quarantined) == (38, 2)
    assert r.report is not None
    assert r.report.flatten(["row", "rule"]) == [[9, "forbidden-value"], [11, "end-after-start"]]
    with open_database(settings) as db:
        counts = {(c["rule"], c["rows"]) for c in quarantine_counts(db)}
        assert counts == {("forbidden-value", 1), ("end-after-start", 1)}
        got = quarantine_rows(db, r.load_id or "")
        assert [q["row"] for q in got] == [9, 11]
        assert got[0]["benefit"] == "kontanthjaelp" and got[0]["reasons"] == ["forbidden-value"]
        assert re.fullmatch(r"[A-Za-z0-9+/]{22}", got[0]["person_id"])  # a pseudonym, not the CPR
        [q] = quality(db)
        assert q["validity"] == pytest.approx(38 / 40)


def test_the_cli_exits_non_zero_on_a_rejected_load(home: Path, tmp_path: Path) -> None:
    rows = spells(n=4)
    rows[1][4] = "31-02-2023"
    bad = write_csv(tmp_path / "bad" / "101_2023.csv", rows)
    ok = write_csv(tmp_path / "ok" / "147_2023.csv", spells("147"))
    proc = run_cli("ingest", str(bad), str(ok), "-d", "benefit_spells", home=home, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("✗ 101_2023.csv → benefit_spells: AFVIST")
    assert "række 3: start_date='31-02-2023'" in proc.stdout
    assert any(line.startswith("✓ 147_2023.csv → benefit_spells: indlæst") for line in lines)
    listed = json.loads(run_cli("loads", "--json", home=home).stdout)
    assert [(ld["file_name"], ld["rows_current"]) for ld in listed] == [("147_2023.csv", 6)]
    shown = json.loads(run_cli("loads", "show", listed[0]["load_id"], "--json", home=home).stdout)
    assert shown["report"]["valid"] is True and shown["partitions"] == [
        {"municipality": "147", "year": 2023}
    ]


def test_validate_is_a_dry_run_that_stores_nothing(home: Path, tmp_path: Path) -> None:
    rows = spells(n=4)
    rows[2][1] = "Aalborgg"
    path = write_csv(tmp_path / "deliveries" / "x.csv", rows)
    proc = run_cli(
        "validate", str(path.parent), "-d", "benefit_spells", "--json", home=home, check=False
    )
    assert proc.returncode == 1
    [result] = json.loads(proc.stdout)
    finding = result["report"]["findings"][0]
    assert finding["rule"] == "unknown-municipality" and finding["rows"] == [4]
    assert "Aalborg (851)" in finding["message"]["en"]
    assert not home.exists()


def test_append_mode_adds_and_recognises_a_repeated_file(
    settings: Settings, tmp_path: Path
) -> None:
    contract = resolve_contract(settings, None, CONTRACTS / "benefit_notes.yaml")
    header = ["cpr", "kommune", "startdato", "note"]
    a = write_csv(tmp_path / "a.csv", [[CPRS[0], "101", "01-01-2023", "ok"]], header=header)
    b = write_csv(tmp_path / "b.csv", [[CPRS[1], "101", "01-01-2023", ""]], header=header)
    results = ingest(settings, [a, b, a], contract)
    assert [r.status for r in results] == ["loaded", "loaded", "skipped"]
    with open_database(settings) as db:
        assert db.table("benefit_notes").count().to_pyarrow().as_py() == 2


def test_pseudonyms_are_stable_per_installation_and_the_key_stays_outside(
    tmp_path: Path,
) -> None:
    a, b = Settings(home=tmp_path / "a"), Settings(home=tmp_path / "b")
    f1 = write_csv(tmp_path / "1" / "101_2023.csv", spells("101", 2023, 3))
    f2 = write_csv(tmp_path / "2" / "101_2022.csv", spells("101", 2022, 3))
    _spells(a, f1, f2)
    _spells(b, f1)
    key = installation_key(a)
    path = key_path(a)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    pseudo = Pseudonymiser(key)
    assert "key" not in repr(pseudo).lower().replace("key=***", "")
    with open_database(a) as db:
        t = db.table("benefit_spells").to_pyarrow().to_pylist()
    by_year: dict[int, set[str]] = {}
    for r in t:
        by_year.setdefault(r["year"], set()).add(r["person_id"])
    assert by_year[2022] == by_year[2023] == {pseudo.pseudonym(c) for c in CPRS[:3]}
    with open_database(b) as db:
        other = {r["person_id"] for r in db.table("benefit_spells").to_pyarrow().to_pylist()}
    assert other.isdisjoint(by_year[2023])
    assert pseudo.pseudonym("010190-1234") == pseudo.pseudonym("0101901234")


def _cpr_like_anywhere(settings: Settings, cprs: list[str]) -> list[str]:
    """Every string cell of every table that holds a CPR-like number or one of `cprs`."""
    hits = []
    digits = {c.replace("-", "") for c in cprs}
    with open_database(settings, read_only=True) as db:
        for name in db.tables():
            table = db.table(name).to_pyarrow()
            for field, column in zip(table.schema, table.columns, strict=True):
                if not pa.types.is_string(field.type):
                    continue
                for v in column.to_pylist():
                    if v and (re.search(CPR_IN_TEXT, v) or any(d in v for d in digits)):
                        hits.append(f"{name}.{field.name}")
    return hits


def test_no_cpr_number_reaches_the_database_or_the_output(home: Path, tmp_path: Path) -> None:
    rows = spells(n=60)
    rows[3][0] = "1234"  # not a CPR number: quarantined, masked
    rows[5][5] = "31-13-2023"
    path = write_csv(tmp_path / "101_2023.csv", rows)
    proc = run_cli("ingest", str(path), "-d", "benefit_spells", "--json", home=home)
    [result] = json.loads(proc.stdout)
    assert result["status"] == "quarantined"
    settings = Settings(home=home)
    assert _cpr_like_anywhere(settings, CPRS) == []
    with open_database(settings) as db:
        add_user(
            db,
            Actor.system("test"),
            "ana",
            role="analyst",
            municipality="101",
            password="a long test password",
        )
    shown = run_cli(
        "quarantine",
        "show",
        result["load_id"],
        "--user",
        "ana",
        "--purpose",
        "rette fejl",
        "--json",
        home=home,
    ).stdout
    assert {r["row"] for r in json.loads(shown)} == {5, 7}
    everything = proc.stdout + proc.stderr + shown
    assert "####" in everything  # the bad identifier is shown masked
    for cpr in CPRS:
        assert cpr not in everything and cpr.replace("-", "") not in everything
    key_hex = key_path(settings).read_text().strip()
    assert key_hex not in everything
    with open_database(settings, read_only=True) as db:
        for name in db.tables():
            table = db.table(name).to_pyarrow()
            assert key_hex not in json.dumps(table.to_pylist(), default=str)


def test_excel_parquet_and_json_deliveries_load(settings: Settings, tmp_path: Path) -> None:
    import openpyxl

    rows = spells(n=4)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["CPR", "Kommune", "År", "Ydelse", "Startdato", "Slutdato"])
    from datetime import datetime

    for r in rows:
        d, m, y = (int(x) for x in r[4].split("-"))
        ws.append([r[0], int(r[1]), int(r[2]), r[3], datetime(y, m, d), None])
    xlsx = tmp_path / "x" / "101_2023.xlsx"
    xlsx.parent.mkdir()
    wb.save(xlsx)
    table = pa.table(
        {
            "person_id": [r[0] for r in spells("851", 2023, 3)],
            "municipality": [851, 851, 851],
            "year": [2023, 2023, 2023],
            "benefit": ["fleksjob"] * 3,
            "start_date": pa.array([f"2023-0{i + 1}-01" for i in range(3)]).cast(pa.date32()),
            "end_date": pa.array([None, None, None], pa.date32()),
        }
    )
    parquet = tmp_path / "p" / "851_2023.parquet"
    parquet.parent.mkdir()
    pq.write_table(table, parquet)
    js = tmp_path / "j" / "147_2023.json"
    js.parent.mkdir()
    js.write_text(
        json.dumps(
            [
                {
                    "cpr": c,
                    "kommune": "Frederiksberg",
                    "aar": 2023,
                    "ydelse": "a-dagpenge",
                    "startdato": "2023-03-01",
                    "slutdato": None,
                }
                for c in CPRS[:2]
            ]
        ),
        encoding="utf-8",
    )
    results = _spells(settings, xlsx, parquet, js)
    assert [(r.status, r.rows_accepted) for r in results] == [
        ("loaded", 4),
        ("loaded", 3),
        ("loaded", 2),
    ], [r.report.to_dict() if r.report else r.message.en for r in results]
    with open_database(settings) as db:
        t = db.table("benefit_spells")
        got = t.group_by("municipality").aggregate(n=t.count()).to_pyarrow().to_pylist()
        assert sorted((g["municipality"], g["n"]) for g in got) == [
            ("101", 4),
            ("147", 2),
            ("851", 3),
        ]


def test_windows_1252_with_its_own_characters_and_decimal_comma(
    settings: Settings, tmp_path: Path
) -> None:
    contract = resolve_contract(settings, None, CONTRACTS / "benefit_notes.yaml")
    header = ["cpr", "kommune", "startdato", "note"]
    rows = [
        [CPRS[0], "Høje-Taastrup", "01.02.2023", "“tilbagebetaling” – 1.234,50 €"],
        [CPRS[1], "Århus", "02.02.2023", "ærø"],
    ]
    path = write_csv(tmp_path / "x.csv", rows, header=header, encoding="cp1252")
    [r] = ingest(settings, [path], contract)
    assert r.status == "loaded", r.report and r.report.to_dict()
    assert r.report is not None and r.report.stats["encoding"] == "cp1252"
    with open_database(settings) as db:
        got = db.table("benefit_notes").order_by("start_date").to_pyarrow().to_pylist()
    assert [g["comment"] for g in got] == ["“tilbagebetaling” – 1.234,50 €", "ærø"]
    assert [g["municipality"] for g in got] == ["169", "751"]


def test_plausibility_compares_with_the_commons_own_population(settings: Settings) -> None:
    from faelled.ingest import store

    with open_database(settings) as db:
        shipped = {r["municipality"]: r["population"] for r in
                   store.population_reference(db).to_pyarrow().to_pylist()}  # fmt: skip
        assert shipped["101"] == 632_340 and len(shipped) == 98
        # A commons generated at 2% has its own, smaller population: that is the reference
        # for the municipalities it covers, the shipped figures for the rest.
        own = [{"municipality": "101", "year": 2023, "sex": s, "age": a, "count": 70}
               for s in ("M", "K") for a in range(0, 90)]  # fmt: skip
        db.backend.create_table("population", pa.Table.from_pylist(own))
        ref = store.population_reference(db).to_pyarrow().to_pylist()
    by = {(r["municipality"], r["year"]): r["population"] for r in ref}
    assert by[("101", 2023)] == 12_600 and ("101", 2020) not in by
    assert by[("147", 2020)] == shipped["147"] and len(ref) == 98


def test_row_numbers_are_the_files_lines_across_parallel_chunks(
    settings: Settings, tmp_path: Path
) -> None:
    # 400,000 rows (≈ 20 MB) are read in several chunks on two threads; the row number in a
    # finding must still be the line in the file an analyst opens.
    from faelled.ingest import validate_files

    base = spells("101", n=8)
    bad_lines = [2, 123_457, 250_001, 400_001]  # line 1 is the header
    path = tmp_path / "101_2023.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(";".join(HEADER) + "\n")
        for line in range(2, 400_002):
            row = list(base[line % 8])
            row[0] = f"{row[0][:7]}{line % 10_000:04d}"  # keys stay mostly distinct
            row[3] = "bogus" if line in bad_lines else row[3]
            f.write(";".join(row) + "\n")
    [result] = validate_files(settings, [path], get_contract("benefit_spells"))
    assert result.report is not None
    finding = result.report.finding("forbidden-value")
    assert finding.count == len(bad_lines)
    assert list(finding.rows) == bad_lines
