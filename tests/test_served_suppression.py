"""End to end: what the open API serves about one key figure — every municipality, region,
kommunegruppe and the country, every breakdown, asked for in separate requests — cannot be
combined to recompute a suppressed municipality's figure, by anyone, nor by a municipality that
knows its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from faelled.reference import reference
from faelled.settings import Settings
from faelled.web.app import create_app

from .web_commons import SMALL, copy

KPI_ID = "ex_benefit_share"  # its numerator counts persons: the sensitive quantity
PERIOD = "2023"
P = 2_147_483_647  # a prime: exact arithmetic mod P (products stay within int64)


class Span:
    """The span of integer vectors, kept in reduced echelon form modulo a large prime.

    Exact, and on the safe side for this test: a vector in the rational span is in the span
    mod P too, so "not in the span mod P" proves it is not derivable over the rationals."""

    def __init__(self, rows: list[np.ndarray]) -> None:
        self.pivots: list[tuple[int, np.ndarray]] = []
        for row in rows:
            self.add(row)

    def _reduce(self, v: np.ndarray) -> np.ndarray:
        v = v % P
        for col, row in self.pivots:
            if v[col]:
                v = (v - v[col] * row) % P
        return v

    def add(self, v: np.ndarray) -> None:
        v = self._reduce(v.astype(np.int64))
        nonzero = np.flatnonzero(v)
        if nonzero.size:
            col = int(nonzero[0])
            v = (v * pow(int(v[col]), P - 2, P)) % P  # pivot 1
            self.pivots = [(c, (r - r[col] * v) % P) for c, r in self.pivots]
            self.pivots.append((col, v))

    def contains(self, v: np.ndarray) -> bool:
        return not self._reduce(v.astype(np.int64)).any()


@pytest.fixture(scope="module")
def client(web_commons: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    served = copy(web_commons, tmp_path_factory.mktemp("served"))
    with TestClient(create_app(served)) as c:
        yield c


def _responses(client: TestClient) -> list[dict[str, Any]]:
    """Separate requests, as an attacker would make them: one per area type and breakdown."""
    rows = []
    for area_type in ("municipality", "region", "kommunegruppe", "country"):
        for breakdown in ("total", "sex=K", "sex=M"):
            url = (
                f"/api/v1/values?kpi={KPI_ID}&period={PERIOD}&area_type={area_type}"
                f"&breakdown={breakdown}&per_page=5000"
            )
            r = client.get(url)
            assert r.status_code == 200, r.text
            rows += r.json()["values"]
    return rows


def test_no_combination_of_responses_recomputes_a_suppressed_municipality(
    client: TestClient,
) -> None:
    rows = _responses(client)
    ref = reference()
    members = {("municipality", m.code): {m.code} for m in ref.municipalities}
    for m in ref.municipalities:
        members.setdefault(("region", m.region_code), set()).add(m.code)
        members.setdefault(("kommunegruppe", m.kommunegruppe_code), set()).add(m.code)
        members.setdefault(("country", "000"), set()).add(m.code)
    munis = sorted(m.code for m in ref.municipalities)
    atoms = {(m, s): k for k, (m, s) in enumerate((m, s) for m in munis for s in ("K", "M"))}

    def vector(row: dict[str, Any]) -> np.ndarray:
        sexes = ("K", "M") if row["breakdown"] == "total" else (row["breakdown"][-1],)
        v = np.zeros(len(atoms), dtype=np.int64)
        for m in members[(row["area_type"], row["area"])]:
            for s in sexes:
                v[atoms[(m, s)]] = 1
        return v

    published = [vector(r) for r in rows if not r["suppressed"]]
    hidden = [r for r in rows if r["suppressed"]]
    assert {r["area"] for r in hidden if r["breakdown"] == "total"} >= set(SMALL)
    span = Span(published)
    for row in hidden:
        assert not span.contains(vector(row)), f"{row['area_type']} {row['area']} leaks"
    # Every municipality, knowing its own figures, learns no other suppressed figure either.
    for insider in munis:
        own = Span(published)
        for s in "KM":
            unit = np.zeros(len(atoms), dtype=np.int64)
            unit[atoms[(insider, s)]] = 1
            own.add(unit)
        for row in hidden:
            if row["area_type"] == "municipality" and row["area"] != insider:
                assert not own.contains(vector(row)), (insider, row["area"])
