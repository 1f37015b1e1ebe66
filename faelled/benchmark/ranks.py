"""One municipality's standing on one key figure in one period: rank among all and among its
peers, percentile, the peers' value, the difference and z-score against them, the trend over the
last five periods, and a direction-aware verdict.

Rules, stated once:
* Rank 1 is the best: the lowest value for a lower-is-better KPI, otherwise the highest (a
  neutral KPI is ranked highest first, as the web pages do). Ties share the better rank.
* Percentile: the share of the other municipalities it does better than, counting ties as half
  (100 = best of all, 0 = worst of all).
* Peer value: weighted, Σ numerator / Σ denominator (as the Ministry's key figures aggregate),
  and unweighted, the mean of the peers' values (as Kolada does). Both without the
  municipality itself.
* z-score: (value − unweighted peer mean) / standard deviation of the peers' values.
* Trend: OLS slope per year over the last five periods up to the chosen one, 95% interval.
* Verdict: *better* or *worse* when the value lies outside the 95% prediction interval of the
  expected-versus-actual model (faelled/benchmark/expected.py), by the KPI's direction; *as
  expected* inside it. Where no model can be fitted, the peers decide: |z| > 2. A neutral KPI
  has no verdict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from faelled.benchmark.data import period_year
from faelled.benchmark.expected import Expected
from faelled.benchmark.peers import PeerGroup, kommunegruppe_members
from faelled.benchmark.stats import Trend, trend
from faelled.catalog.kpis import Direction
from faelled.errors import NotFound
from faelled.reference import reference

Verdict = Literal["better", "as_expected", "worse"]
TREND_PERIODS = 5
PEER_Z = 2.0


def ranks(values: Mapping[str, float], direction: Direction | str) -> dict[str, int]:
    """Municipality → rank, 1 the best (see the module's rules). NaN values get no rank."""
    valued = [(c, v) for c, v in values.items() if v is not None and not math.isnan(v)]
    lower_first = Direction(direction) == Direction.lower_is_better
    valued.sort(key=lambda cv: (cv[1] if lower_first else -cv[1], int(cv[0])))
    out: dict[str, int] = {}
    previous: float | None = None
    rank = 0
    for i, (code, value) in enumerate(valued, start=1):
        if value != previous:
            rank, previous = i, value
        out[code] = rank
    return out


def percentile(values: Mapping[str, float], code: str, direction: Direction | str) -> float:
    others = [v for c, v in values.items() if c != code and not math.isnan(v)]
    if not others:
        return 100.0
    mine = values[code]
    sign = -1 if Direction(direction) == Direction.lower_is_better else 1
    worse = sum(1 for v in others if sign * (mine - v) > 0)
    ties = sum(1 for v in others if v == mine)
    return 100 * (worse + ties / 2) / len(others)


def judge(direction: Direction | str, above: bool | None) -> Verdict | None:
    """`above`: True above expectation, False below, None within it."""
    if Direction(direction) == Direction.neutral:
        return None
    if above is None:
        return "as_expected"
    return "better" if above == (Direction(direction) == Direction.higher_is_better) else "worse"


@dataclass(frozen=True)
class Standing:
    kpi: str
    municipality: str
    period: str
    direction: str
    value: float
    rank: int
    rank_of: int
    percentile: float
    group: PeerGroup
    peer_rank: int
    peer_rank_of: int
    peer_weighted: float | None
    peer_unweighted: float | None
    peer_sd: float | None
    peers_with_value: int
    trend: Trend | None
    expected: Expected | None
    verdict: Verdict | None
    verdict_basis: Literal["model", "peers"] | None

    @property
    def difference(self) -> float | None:
        return None if self.peer_unweighted is None else self.value - self.peer_unweighted

    @property
    def z(self) -> float | None:
        if self.peer_sd is None or self.peer_sd == 0 or self.difference is None:
            return None
        return self.difference / self.peer_sd

    def as_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "municipality": self.municipality,
            "period": self.period,
            "direction": self.direction,
            "value": self.value,
            "rank": self.rank,
            "rank_of": self.rank_of,
            "percentile": round(self.percentile, 2),
            "peer_group": self.group.as_dict(lang),
            "peer_rank": self.peer_rank,
            "peer_rank_of": self.peer_rank_of,
            "peer_value_weighted": self.peer_weighted,
            "peer_value_unweighted": self.peer_unweighted,
            "peer_sd": self.peer_sd,
            "peers_with_value": self.peers_with_value,
            "difference": self.difference,
            "z": self.z,
            "trend": self.trend.as_dict() if self.trend else None,
            "expected": self.expected.as_dict() if self.expected else None,
            "verdict": self.verdict,
            "verdict_basis": self.verdict_basis,
        }


def standing(
    kpis: pd.DataFrame,
    kpi: str,
    direction: Direction | str,
    code: str,
    group: PeerGroup,
    period: str | None = None,
    expected: Expected | None = None,
) -> Standing:
    """`code`'s standing on `kpi` (the KPI-values frame, see faelled/benchmark/data.py) in
    `period` (default: the latest period `code` has a value), against `group`; `expected` is
    its row of the period's expected-versus-actual model, when there is one."""
    mine = kpis[(kpis["kpi"] == kpi) & (kpis["municipality"] == code)]
    if mine.empty:
        raise NotFound(f"Ingen værdier for {kpi} i kommune {code} / no values.")
    periods = sorted(mine["period"].unique(), key=lambda p: (period_year(p), p))
    period = period or periods[-1]
    if period not in periods:
        raise NotFound(
            f"Ingen værdi for {kpi} i {code} i {period} / no value in that period.",
            hint="Perioder / periods: " + ", ".join(periods),
        )
    now = kpis[(kpis["kpi"] == kpi) & (kpis["period"] == period)].set_index("municipality")
    values = now["value"].to_dict()
    all_ranks = ranks(values, direction)
    peer_codes = [c for c in group.members if c in now.index]
    peers = now.loc[peer_codes]
    peer_ranks = ranks({c: values[c] for c in [code, *peer_codes]}, direction)
    den = peers["denominator"].sum()
    weighted = (
        float((peers["value"] * peers["denominator"]).sum() / den)
        if len(peers) and peers["denominator"].notna().all() and den > 0
        else None
    )
    # Σ(value × denominator) / Σ denominator = scale × Σ numerator / Σ denominator, whatever
    # the KPI's scale (percent, per 1,000): no need to know it here.
    unweighted = float(peers["value"].mean()) if len(peers) else None
    sd = float(peers["value"].std(ddof=1)) if len(peers) > 1 else None

    past = mine[mine["period"].map(period_year) <= period_year(period)]
    past = past.assign(y=past["period"].map(period_year)).sort_values("y").tail(TREND_PERIODS)
    tr = trend(past["y"].tolist(), past["value"].tolist())

    value = float(values[code])
    if expected is not None:
        basis: Literal["model", "peers"] | None = "model"
        flag = expected.flag
        verdict = judge(direction, None if flag is None else flag == "above")
    elif sd:
        basis = "peers"
        z = (value - (unweighted or 0.0)) / sd
        verdict = judge(direction, None if abs(z) <= PEER_Z else z > 0)
    else:
        basis, verdict = None, None
    if verdict is None:
        basis = None
    return Standing(
        kpi=kpi,
        municipality=code,
        period=period,
        direction=str(Direction(direction)),
        value=value,
        rank=all_ranks[code],
        rank_of=len(all_ranks),
        percentile=percentile(values, code, direction),
        group=group,
        peer_rank=peer_ranks[code],
        peer_rank_of=len(peer_ranks),
        peer_weighted=weighted,
        peer_unweighted=unweighted,
        peer_sd=sd,
        peers_with_value=len(peers),
        trend=tr,
        expected=expected,
        verdict=verdict,
        verdict_basis=basis,
    )


def rank_mapping(
    values: Mapping[str, float], direction: Direction | str = Direction.higher_is_better
) -> pd.DataFrame:
    """Rank municipalities on a plain {kommunekode: value} mapping — e.g. a key figure read from
    a Statistics Denmark file — among all of them and within each one's kommunegruppe.

    Columns: municipality, name, value, rank, rank_of, percentile, kommunegruppe,
    kommunegruppe_name, group_rank, group_of. Ordered by rank, then code."""
    ref = {m.code: m for m in reference().municipalities}
    unknown = sorted(set(values) - set(ref))
    if unknown:
        raise NotFound(f"Ukendte kommunekoder / unknown codes: {unknown[:5]}.")
    clean = {c: float(v) for c, v in values.items() if v is not None and not np.isnan(v)}
    overall = ranks(clean, direction)
    rows = []
    for code, value in clean.items():
        m = ref[code]
        group = {c: clean[c] for c in kommunegruppe_members(code) if c in clean}
        rows.append(
            {
                "municipality": code,
                "name": m.name,
                "value": value,
                "rank": overall[code],
                "rank_of": len(overall),
                "percentile": round(percentile(clean, code, direction), 2),
                "kommunegruppe": m.kommunegruppe_code,
                "kommunegruppe_name": m.kommunegruppe_name,
                "group_rank": ranks(group, direction)[code],
                "group_of": len(group),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values(["rank", "municipality"], key=_natural).reset_index(drop=True)


def _natural(s: pd.Series) -> pd.Series:
    return s.astype(int) if s.name == "municipality" else s
