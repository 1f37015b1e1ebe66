"""The synthetic generator: files match their contracts, bytes are reproducible, the manifest's
injected errors are exact (recounted here from the files), and the ground truth agrees with the
files."""

from __future__ import annotations

import hashlib
import io
import json
import operator
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from faelled.catalog.contracts import ColumnType, CompareRule, Contract, load_contracts
from faelled.errors import FaelledError
from faelled.generate import GenerateOptions, generate
from faelled.generate.cpr import cpr_numbers, looks_like_cpr
from faelled.generate.model import build_world
from faelled.generate.population import build_panel, day, population_table, targets
from faelled.generate.truth_kpis import KPIS
from faelled.reference import reference, resolve
from faelled.reference.population import population_estimate

from .conftest import run_cli

CONTRACTS = load_contracts()
OPS = {
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    ">": operator.gt,
}
YEARS = (2021, 2024)


def _codes() -> tuple[str, ...]:
    """One municipality per file format: Parquet (a big city) and each CSV dialect."""
    world = build_world(1, *YEARS)
    picks = {"parquet": "851"} if world.formats["851"].big else {"parquet": "101"}
    for m in reference().municipalities:
        fmt = world.formats[m.code]
        if not fmt.big and fmt.name not in picks and int(m.code) > 400:
            picks[fmt.name] = m.code
    return tuple(sorted(picks.values(), key=int))


CODES = _codes()


def _run(out: Path, dirty: float) -> dict[str, Any]:
    return generate(
        GenerateOptions(
            out=out,
            scale=0.002,
            seed=7,
            first_year=YEARS[0],
            last_year=YEARS[1],
            dirty=dirty,
            municipalities=CODES,
        )
    )


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    _run(out, 0.0)
    return out


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dirty")
    _run(out, 0.03)
    return out


def _manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def read_back(out: Path, entry: dict[str, Any], fmt: dict[str, Any]) -> pd.DataFrame:
    """Read one delivery as an analyst's script would: text for CSV (by its dialect), typed
    for Parquet and Excel, with the headers mapped back to contract names."""
    contract = CONTRACTS[entry["dataset"]]
    path = out / entry["path"]
    names = {c.name: c.name for c in contract.columns}
    names.update({a: c.name for c in contract.columns for a in c.aliases})
    if path.suffix == ".parquet":
        df = pq.read_table(path).to_pandas()
    elif path.suffix == ".xlsx":
        df = pd.read_excel(path, dtype=object, engine="openpyxl")
    else:
        raw = path.read_bytes()
        if fmt["encoding"] == "utf-8-sig":
            assert raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode(fmt["encoding"])
        assert fmt["eol"] in text
        df = pd.read_csv(io.StringIO(text), sep=fmt["delimiter"], dtype=str, keep_default_na=False)
    df = df.rename(columns=names)
    assert list(df.columns) == [c.name for c in contract.columns], entry["path"]
    for col in contract.columns:
        s = df[col.name]
        if path.suffix == ".csv":
            s = s.replace("", None)
            if col.type is ColumnType.date:
                s = pd.to_datetime(s, format=fmt["date_format"])
            elif col.type is ColumnType.decimal:
                s = s.str.replace(fmt["decimal"], ".", regex=False).astype(float)
            elif col.type is ColumnType.integer:
                s = s.astype(float).astype("Int64")
        elif col.type is ColumnType.date:
            s = pd.to_datetime(s)
        if col.type is ColumnType.municipality:
            s = s.map(lambda v: v if v is None or pd.isna(v) else _municipality(str(v)))
        if col.pseudonymise:
            s = s.map(lambda v: v if v is None or pd.isna(v) or "-" in v else v[:6] + "-" + v[6:])
        df[col.name] = s
    return df


def _municipality(value: str) -> str:
    try:
        return resolve(value)
    except FaelledError:
        return "?" + value


def test_every_file_matches_its_contract(clean: Path) -> None:
    manifest = _manifest(clean)
    assert manifest["injections"] == [] and manifest["injection_counts"] == {}
    seen = set()
    for entry in manifest["files"]:
        contract: Contract = CONTRACTS[entry["dataset"]]
        df = read_back(clean, entry, manifest["formats"][entry["municipality"]])
        seen.add(entry["dataset"])
        assert len(df) == entry["rows"] > 0, entry["path"]
        assert (df["municipality"] == entry["municipality"]).all()
        for col in contract.columns:
            s = df[col.name]
            if col.required:
                assert s.notna().all(), (entry["path"], col.name)
            s = s.dropna()
            if col.allowed is not None:
                assert set(s.unique()) <= set(col.allowed), (entry["path"], col.name)
            if col.range is not None and col.type is not ColumnType.date:
                if col.range.min is not None:
                    assert (s.astype(float) >= col.range.min).all(), (entry["path"], col.name)
                if col.range.max is not None:
                    assert (s.astype(float) <= col.range.max).all(), (entry["path"], col.name)
            if col.pattern:
                assert s.astype(str).str.fullmatch(col.pattern).all(), (entry["path"], col.name)
            if col.pseudonymise:
                assert s.map(looks_like_cpr).all()
        assert not df.duplicated(contract.keys).any(), entry["path"]
        for rule in contract.rules:
            if isinstance(rule, CompareRule):
                both = df[[rule.left, rule.right]].dropna()
                ok = OPS[rule.op](both[rule.left], both[rule.right])
                assert ok.all(), (entry["path"], rule.id)
        if contract.period and contract.period.complete:
            assert df[contract.period.column].nunique() == 12, entry["path"]
    assert seen == set(CONTRACTS)
    kinds = {f["format"] for f in manifest["files"]}
    assert kinds == {"parquet", "xlsx", "a_windows", "b_utf8_bom", "c_utf8"}


def test_cpr_numbers_are_unique_and_decode_to_future_births(clean: Path) -> None:
    manifest = _manifest(clean)
    ids: dict[str, set[str]] = {}
    for entry in manifest["files"]:
        if entry["dataset"] in ("persons", "employees"):
            df = read_back(clean, entry, manifest["formats"][entry["municipality"]])
            ids.setdefault(entry["dataset"], set()).update(df["person_id"])
    assert not ids["persons"] & ids["employees"]
    for cpr in list(ids["persons"])[:200]:
        yy, serial = int(cpr[4:6]), int(cpr[7:11])
        assert 40 <= yy <= 57 and 5000 <= serial <= 8999  # CPR Office table: born 2040–2057
    numbers = cpr_numbers(np.arange(0, 200_000, 7))
    assert len(set(numbers)) == len(numbers)


def _sha(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes(dirty: Path, tmp_path: Path) -> None:
    _run(tmp_path / "again", 0.03)
    first, second = _sha(dirty), _sha(tmp_path / "again")
    assert len(first) > 50 and first == second


def _recount(df: pd.DataFrame, contract: Contract) -> dict[str, list[int]]:
    """Spreadsheet row numbers (header = 1) of each kind of error, found from the data alone."""
    rows = pd.Series(np.arange(len(df)) + 2, index=df.index)
    found: dict[str, list[int]] = {}
    found["duplicate"] = rows[df.astype(str).duplicated()].tolist()
    found["unknown_municipality"] = rows[
        df["municipality"].astype(str).str.startswith("?")
    ].tolist()
    required = [c.name for c in contract.columns if c.required and c.name != "municipality"]
    found["missing_required"] = rows[df[required].isna().any(axis=1)].tolist()
    for rule in contract.rules:
        if isinstance(rule, CompareRule) and rule.op == ">=" and rule.left.endswith("date"):
            found["end_before_start"] = rows[df[rule.left] < df[rule.right]].tolist()
    if "grade" in df:
        allowed = CONTRACTS["exam_grades"].column("grade").allowed or []
        found["impossible_grade"] = rows[df["grade"].notna() & ~df["grade"].isin(allowed)].tolist()
    if "comment" in df:
        cpr = re.compile(r"\b\d{6}-?\d{4}\b")
        has = df["comment"].fillna("").astype(str).map(lambda t: bool(cpr.search(t)))
        found["cpr_in_free_text"] = rows[has].tolist()
    return {k: v for k, v in found.items() if v}


def test_manifest_error_counts_are_exact(dirty: Path, clean: Path) -> None:
    manifest = _manifest(dirty)
    recorded: dict[tuple[str, str], list[int]] = {}
    for inj in manifest["injections"]:
        if inj["kind"] != "missing_month":
            # A duplicate of a row is also a duplicate of every other kind's row: unaffected, as
            # duplicates copy untouched rows only.
            recorded[(inj["file"], inj["kind"])] = inj["rows"]
            assert inj["count"] == len(inj["rows"])
    recounted: dict[tuple[str, str], list[int]] = {}
    total: Counter[str] = Counter()
    clean_manifest = _manifest(clean)
    clean_rows = {f["path"]: f for f in clean_manifest["files"]}
    for entry in manifest["files"]:
        contract = CONTRACTS[entry["dataset"]]
        df = read_back(dirty, entry, manifest["formats"][entry["municipality"]])
        for kind, rows in _recount(df, contract).items():
            recounted[(entry["path"], kind)] = rows
            total[kind] += len(rows)
        if contract.period and contract.period.complete:
            missing = 12 - df[contract.period.column].nunique()
            if missing:
                total["missing_month"] += len(df) and (
                    clean_rows[entry["path"]]["rows"]
                    - len(df)
                    + sum(1 for k in ("duplicate",) for _ in recounted.get((entry["path"], k), []))
                )
    assert recounted == recorded
    counts = manifest["injection_counts"]
    for kind in (
        "duplicate",
        "unknown_municipality",
        "missing_required",
        "end_before_start",
        "impossible_grade",
        "cpr_in_free_text",
        "missing_month",
    ):
        assert counts[kind] > 0, kind
        assert counts[kind] == total[kind], kind


def test_expected_kpis_cover_the_catalogue_and_match_the_files(clean: Path) -> None:
    truth = pd.read_parquet(clean / "expected_kpis.parquet")
    assert list(truth.columns) == [
        "kpi",
        "municipality",
        "period",
        "value",
        "numerator",
        "denominator",
    ]
    assert set(truth["kpi"]) == {k.id for k in KPIS}
    assert set(truth["municipality"]) == set(CODES)
    assert np.isfinite(truth["value"]).all()
    # Recompute one KPI per kind of period logic from the files as written.
    manifest = _manifest(clean)
    frames: dict[str, list[pd.DataFrame]] = {}
    for entry in manifest["files"]:
        if entry["municipality"] == CODES[0]:
            frames.setdefault(entry["dataset"], []).append(
                read_back(clean, entry, manifest["formats"][CODES[0]])
            )
    f = {k: pd.concat(v, ignore_index=True) for k, v in frames.items()}
    t = truth[truth["municipality"] == CODES[0]].set_index(["kpi", "period"])
    exams = f["exam_grades"]
    danish = exams[(exams["school_year"] == "2023/24") & (exams["subject"] == "dansk")]
    assert t.loc[("sch_grade_mean_danish", "2023/24"), "value"] == pytest.approx(
        danish["grade"].mean(), abs=1e-9
    )
    pop = f["population"]
    y = 2024
    pop1666 = pop[(pop["year"] == y) & pop["age"].between(16, 66)]["count"].sum()
    sp, pe = f["benefit_spells"], f["persons"].drop_duplicates("person_id")
    sp = sp.merge(pe[["person_id", "birth_date"]], on="person_id")
    jan1 = pd.Timestamp(y, 1, 1)
    b = sp["birth_date"]
    age = y - b.dt.year - (~((b.dt.month == 1) & (b.dt.day == 1))).astype(int)
    on = sp[(sp["start_date"] <= jan1) & (sp["end_date"].isna() | (sp["end_date"] >= jan1))]
    on_age = age[on.index]
    n = on.loc[(on_age >= 16) & (on_age <= 66), "person_id"].nunique()
    row = t.loc[("emp_benefit_share_16_66", str(y))]
    assert (row["numerator"], row["denominator"]) == (n, pop1666)


def test_population_follows_the_estimate_at_scale_1() -> None:
    first, last = 2015, 2024
    for code in ("825", "400", "751"):
        panel = build_panel(code, first, last, 1.0, np.random.default_rng(1), 0)
        counts = population_table(panel, first, last).groupby("year")["count"].sum()
        for y in range(first, last + 1):
            assert abs(counts[y] / population_estimate(code, y) - 1) <= 0.10
        assert panel.resident_on(day(last)).sum() == counts[last]
    national = sum(targets(m.code, first, last, 1.0)[2024] for m in reference().municipalities)
    estimate = sum(population_estimate(m.code, 2024) for m in reference().municipalities)
    assert abs(national / estimate - 1) <= 0.10 and 5.5e6 < national < 6.5e6


def test_generate_cli_and_its_errors(tmp_path: Path) -> None:
    out = tmp_path / "x"
    proc = run_cli(
        "generate",
        "--scale",
        "0.002",
        "--years",
        "2023-2024",
        "--municipalities",
        "Læsø,101",
        "--out",
        str(out),
        "--quiet",
    )
    assert "filer / files" in proc.stdout
    assert {p.name for p in (out / "pupils").iterdir()} == {
        "825_2022-23.csv",
        "825_2023-24.csv",
        "101_2022-23.parquet",
        "101_2023-24.parquet",
    } or len(list((out / "pupils").iterdir())) == 4
    # A second run into its own folder replaces its output.
    run_cli(
        "generate",
        "--scale",
        "0.002",
        "--years",
        "2024",
        "--municipalities",
        "825",
        "--out",
        str(out),
        "--quiet",
    )
    assert len(list((out / "pupils").iterdir())) == 1
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "mine.txt").write_text("x")
    bad = [
        (["--years", "2024-2015"], "forkert rækkefølge"),
        (["--years", "20x4"], "Ugyldige år"),
        (["--scale", "0"], "--scale"),
        (["--dirty", "2"], "--dirty"),
        (["--municipalities", "Atlantis"], "Ukendt kommune"),
    ]
    for args, message in bad:
        proc = run_cli("generate", "--out", str(tmp_path / "new"), *args, check=False)
        assert proc.returncode == 1 and message in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
    for target, message in ((tmp_path / "busy", "ikke tom"), (Path("/proc/nope"), "Kan ikke")):
        proc = run_cli("generate", "--out", str(target), "--quiet", check=False)
        assert proc.returncode == 1 and message in proc.stderr and "Traceback" not in proc.stderr


def test_datasets_cli() -> None:
    lines = run_cli("datasets").stdout.splitlines()
    assert len(lines) == len(CONTRACTS) == 14
    data = json.loads(run_cli("datasets", "--json").stdout)
    assert data["count"] == 14 and {v["name"] for v in data["values"]} == set(CONTRACTS)
    shown = run_cli("datasets", "show", "exam_grades").stdout
    assert "`grade`" in shown and "-3, 0, 2, 4, 7, 10, 12" in shown
    one = json.loads(run_cli("datasets", "show", "pupils", "--json").stdout)
    assert one["keys"] == ["person_id", "school_year"]
    proc = run_cli("datasets", "show", "pupil", check=False)
    assert proc.returncode == 1 and "pupils" in proc.stderr and "Traceback" not in proc.stderr


def test_docs_are_up_to_date(tmp_path: Path) -> None:
    from faelled.catalog.datamodel import write_pages
    from faelled.generate.truth_kpis import markdown

    root = Path(__file__).resolve().parents[1] / "docs"
    for path in write_pages(tmp_path):
        committed = root / "data-model" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed} is stale: run `faelled datasets docs docs/data-model`"
        )
    assert (root / "kpi-ground-truth.md").read_text(encoding="utf-8") == markdown(), (
        "docs/kpi-ground-truth.md is stale: run `python scripts/build_docs.py`"
    )


def test_a_run_stopped_half_way_is_replaced_by_the_next(tmp_path: Path) -> None:
    from faelled.generate.run import IN_PROGRESS

    out = tmp_path / "extracts"
    calls: list[str] = []

    def stop_after_first(done: int, total: int, name: str) -> None:
        calls.append(name)
        raise KeyboardInterrupt  # Ctrl+C after the first municipality

    with pytest.raises(KeyboardInterrupt):
        generate(
            GenerateOptions(out=out, scale=0.002, seed=7, first_year=2023, last_year=2023,
                            municipalities=CODES[:2]),
            stop_after_first,
        )  # fmt: skip
    assert calls and (out / IN_PROGRESS).exists()
    assert not (out / "manifest.json").exists() and any(out.iterdir())
    # Not a stranger's folder: the next run replaces it instead of refusing it.
    manifest = _run(out, 0.0)
    assert (out / "manifest.json").exists() and not (out / IN_PROGRESS).exists()
    written = [f for f in out.rglob("*") if f.is_file()]
    assert len(manifest["files"]) == len(written) - 2  # besides the manifest and the truth
