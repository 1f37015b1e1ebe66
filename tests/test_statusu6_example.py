"""The worked example: a real Statistics Denmark download through ingest, a user contract and a
user KPI, checked against a hand computation from the raw file; then all 98 ranked, each within
its kommunegruppe (issues 5 and 6)."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest

from faelled.benchmark.ranks import rank_mapping
from faelled.reference import reference

from .conftest import FAELLED, PUBLIC, ROOT

RAW = PUBLIC / "dst" / "statusu6_2024_kommuner_raw.csv"


def _by_hand() -> dict[str, float]:
    """dropped out / total × 100 per municipality, straight from the Windows-1252 file."""
    by_name = {m.name_dst: m.code for m in reference().municipalities}
    out = {}
    with RAW.open(encoding="cp1252", newline="") as f:
        for row in csv.reader(f):
            if row[2] in by_name:
                out[by_name[row[2]]] = 100 * int(row[6]) / int(row[3])
    return out


@pytest.fixture(scope="module")
def printed() -> dict[str, float]:
    env = {**os.environ, "FAELLED": FAELLED}
    proc = subprocess.run(
        [str(ROOT / "examples" / "statusu6" / "run.sh")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    lines = proc.stdout.splitlines()
    assert lines[0] == "kommunekode;value"
    assert "i karantæne" in proc.stderr  # Hele landet and Christiansø set aside, with reasons
    return {code: float(value) for code, value in (line.split(";") for line in lines[1:])}


def test_run_sh_prints_all_98_equal_to_the_hand_computation(printed: dict[str, float]) -> None:
    hand = _by_hand()
    assert len(hand) == 98 and printed.keys() == hand.keys()
    for code, value in hand.items():
        assert printed[code] == pytest.approx(value, rel=1e-12), code


def test_ranks_all_98_and_places_each_within_its_kommunegruppe(printed: dict[str, float]) -> None:
    ranked = rank_mapping(printed, "lower_is_better").set_index("municipality")
    hand = _by_hand()
    order = sorted(hand, key=lambda c: (hand[c], c))  # lowest drop-out share first
    assert ranked.loc[order[0], "rank"] == 1 and ranked.loc[order[-1], "rank"] == 98
    for m in reference().municipalities:
        group = sorted(
            (
                c
                for c in hand
                if reference().municipality(c).kommunegruppe_code == m.kommunegruppe_code
            ),
            key=lambda c: (hand[c], c),
        )
        assert ranked.loc[m.code, "group_rank"] == group.index(m.code) + 1, m.name
        assert ranked.loc[m.code, "group_of"] == len(group)


def test_the_readme_names_the_commands_run_sh_runs() -> None:
    readme = (ROOT / "examples" / "statusu6" / "README.md").read_text(encoding="utf-8")
    script = (ROOT / "examples" / "statusu6" / "run.sh").read_text(encoding="utf-8")
    for command in ("ingest", "compute --kpi dst_statusu6_dropout_share", "kpi values"):
        assert command in readme and command in script
    assert Path(ROOT / "examples" / "statusu6" / "run.sh").stat().st_mode & 0o111


def test_the_data_page_counts_the_load_and_its_quarantine(tmp_path: Path) -> None:
    """The data page's JSON twin reads ingest's ledger: 98 rows in, 2 set aside."""
    from fastapi.testclient import TestClient

    from faelled.settings import Settings
    from faelled.web.app import create_app

    home = tmp_path / "faelled-data"
    content = ROOT / "examples" / "statusu6" / "content"
    env = {**os.environ, "FAELLED_HOME": str(home), "FAELLED_CONTENT_DIR": str(content)}
    subprocess.run(
        [FAELLED, "ingest", str(RAW), "--dataset", "statusu6"],
        env=env,
        check=True,
        capture_output=True,
    )
    with TestClient(create_app(Settings(home=home, content_dir=content))) as client:
        data = client.get("/api/v1/datasets").json()
    entry = next(d for d in data["datasets"] if d["name"] == "statusu6")
    assert entry["loads"]["rows"] == 98 and entry["loads"]["quarantined"] == 2
    assert entry["loads"]["last"] is not None
