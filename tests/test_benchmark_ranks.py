"""Benchmarking's arithmetic, checked by hand: t quantiles against published tables, the trend
and its interval, ranks and percentiles, a municipality's standing against its peers, and the
ranking of a real Statistics Denmark file (STATUSU6) within the kommunegrupper."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from faelled.benchmark.expected import Expected
from faelled.benchmark.peers import PeerGroup
from faelled.benchmark.ranks import judge, percentile, rank_mapping, ranks, standing
from faelled.benchmark.stats import t_cdf, t_quantile, trend
from faelled.errors import NotFound
from faelled.reference import reference, resolve

from .conftest import PUBLIC

STATUSU6 = PUBLIC / "dst" / "statusu6_2024_kommuner_raw.csv"


@pytest.mark.parametrize(
    ("df", "q975"),
    # Student's t 0.975 quantiles as printed in standard tables.
    [
        (1, 12.7062047),
        (2, 4.3026527),
        (3, 3.1824463),
        (5, 2.5705818),
        (10, 2.2281389),
        (30, 2.0422725),
        (96, 1.9849843),
    ],
)
def test_t_quantile_matches_tables(df: int, q975: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(q975, abs=2e-7)
    assert t_quantile(0.025, df) == pytest.approx(-q975, abs=2e-7)
    assert t_cdf(q975, df) == pytest.approx(0.975, abs=1e-8)


def test_trend_slope_and_interval_by_hand() -> None:
    years, values = [2020, 2021, 2022, 2023, 2024], [10.0, 12.0, 11.0, 15.0, 16.0]
    t = trend(years, values)
    assert t is not None
    # x̄ = 2022, Sxx = 10, Sxy = (-2)(-2.8) + (-1)(-0.8) + 0 + (1)(2.2) + (2)(3.2) = 15 → 1.5.
    assert t.slope == pytest.approx(1.5)
    resid = np.array(values) - (12.8 + 1.5 * (np.array(years) - 2022))
    se = math.sqrt((resid @ resid) / 3 / 10)
    assert t.upper - t.slope == pytest.approx(3.1824463 * se, rel=1e-7)
    assert (t.points, t.first_year, t.last_year) == (5, 2020, 2024)
    assert trend([2023, 2024], [1.0, 2.0]) is None  # two points: no interval to be had


def test_ranks_follow_direction_and_share_ties() -> None:
    values = {"101": 5.0, "147": 3.0, "151": 3.0, "153": 9.0, "155": float("nan")}
    assert ranks(values, "lower_is_better") == {"147": 1, "151": 1, "101": 3, "153": 4}
    assert ranks(values, "higher_is_better") == {"153": 1, "101": 2, "147": 3, "151": 3}
    # 147 beats 101 and 153, ties with 151: (2 + 0.5) / 3 of the others.
    assert percentile(values, "147", "lower_is_better") == pytest.approx(100 * 2.5 / 3)
    assert percentile(values, "153", "lower_is_better") == 0.0
    assert judge("higher_is_better", True) == "better"
    assert judge("lower_is_better", True) == "worse"
    assert judge("lower_is_better", None) == "as_expected"
    assert judge("neutral", True) is None


def _frame() -> pd.DataFrame:
    rows = []
    # 101 over five years; four others in 2024 only.
    for year, value in zip(range(2020, 2025), [20.0, 19.0, 17.0, 16.0, 14.0], strict=True):
        rows.append(("k", "101", str(year), value, value, 100.0, 100.0))
    for code, value, den in [("147", 10.0, 100.0), ("151", 12.0, 300.0), ("153", 30.0, 50.0)]:
        rows.append(("k", code, "2024", value, value * den / 100, den, den))
    rows.append(("k", "155", "2024", 11.0, 11.0, 100.0, 100.0))
    return pd.DataFrame(
        rows, columns=["kpi", "municipality", "period", "value", "numerator", "denominator", "n"]
    )


def test_standing_against_peers_by_hand() -> None:
    group = PeerGroup("user", "101", ("147", "151", "153", "999"), name="net")
    s = standing(_frame(), "k", "lower_is_better", "101", group)
    assert s.period == "2024"
    assert (s.rank, s.rank_of) == (4, 5)  # 10, 11, 12, 14, 30
    assert (s.peer_rank, s.peer_rank_of, s.peers_with_value) == (3, 4, 3)
    # Weighted: Σ numerator / Σ denominator × 100 = (10 + 36 + 15) / 450 × 100.
    assert s.peer_weighted == pytest.approx(100 * 61 / 450)
    assert s.peer_unweighted == pytest.approx(52 / 3)
    sd = float(np.std([10.0, 12.0, 30.0], ddof=1))
    assert s.z == pytest.approx((14 - 52 / 3) / sd)
    assert s.trend is not None and s.trend.slope == pytest.approx(-1.5)
    # No model: the peers decide, and |z| ≈ 0.3 is as expected.
    assert (s.verdict, s.verdict_basis) == ("as_expected", "peers")
    above = Expected("101", 14.0, 10.0, 8.0, 12.0, 100.0)
    s = standing(_frame(), "k", "lower_is_better", "101", group, "2024", above)
    assert (s.verdict, s.verdict_basis) == ("worse", "model")
    assert s.as_dict()["expected"]["residual"] == pytest.approx(4.0)
    with pytest.raises(NotFound):
        standing(_frame(), "k", "lower_is_better", "101", group, "2019")


def _statusu6_by_hand(column: int) -> dict[str, float]:
    """Share (%) of the 18-25-year-olds in `column` of the raw file, per municipality."""
    out = {}
    with Path(STATUSU6).open(encoding="cp1252", newline="") as f:
        for row in csv.reader(f):
            # The country's row, and Christiansø's (all zeros: it is not one of the 98).
            if row[2] in ("Hele landet", "Christiansø"):
                continue
            out[resolve(row[2])] = 100 * int(row[column]) / int(row[3])
    return out


def test_rank_mapping_on_statusu6_against_a_hand_computation() -> None:
    values = _statusu6_by_hand(6)  # a share of the total; direction: lower is better
    assert len(values) == 98
    table = rank_mapping(values, "lower_is_better")
    assert len(table) == 98 and table["rank"].tolist() == sorted(table["rank"])
    # By hand: rank = 1 + the number with a strictly lower share; within the kommunegruppe the
    # same among the municipalities of the group.
    group_of = {m.code: m.kommunegruppe_code for m in reference().municipalities}
    for row in table.itertuples():
        mine = values[row.municipality]
        assert row.rank == 1 + sum(v < mine for v in values.values())
        same = [v for c, v in values.items() if group_of[c] == group_of[row.municipality]]
        assert row.group_rank == 1 + sum(v < mine for v in same)
        assert row.group_of == len(same)
        assert row.kommunegruppe == group_of[row.municipality]
    assert sorted(table.groupby("kommunegruppe")["group_rank"].min().tolist()) == [1] * 5
    best = table.iloc[0]
    assert best["value"] == min(values.values()) and best["percentile"] == 100.0
    with pytest.raises(NotFound):
        rank_mapping({"999": 1.0})
