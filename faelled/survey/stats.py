"""The few statistics survey scoring needs, written out so each can be checked by hand:
mean, sample standard deviation, median, Welch's interval for a change between two rounds, and
Cronbach's α. (SciPy would bring 40 MB for one t quantile; a table of 34 values does the job.)"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MIN_ALPHA_ANSWERS = 10  # complete answers needed before Cronbach's α is reported

# Two-sided 95 % quantiles of Student's t, t(0.975; df).
_T975: dict[float, float] = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
    10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
    18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060,
    26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
    math.inf: 1.960,
}  # fmt: skip


# Sums use math.fsum: exactly rounded, so a result does not depend on the order respondents come
# back from the database (random response ids; DuckDB and PostgreSQL order them differently).


def mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def variance(xs: Sequence[float]) -> float:
    """Sample variance (n − 1)."""
    m = mean(xs)
    return math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1)


def sd(xs: Sequence[float]) -> float | None:
    return math.sqrt(variance(xs)) if len(xs) >= 2 else None


def median(xs: Sequence[float]) -> float:
    s = sorted(xs)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def t975(df: float) -> float:
    """t(0.975; df), interpolated linearly in 1/df between tabulated values."""
    if df < 1:
        df = 1.0
    keys = sorted(_T975)
    if df in _T975:
        return _T975[df]
    lo = max(k for k in keys if k < df)
    hi = min(k for k in keys if k > df)
    w = (1 / lo - 1 / df) / (1 / lo - (0 if math.isinf(hi) else 1 / hi))
    return _T975[lo] + w * (_T975[hi] - _T975[lo])


@dataclass(frozen=True, slots=True)
class Difference:
    before: float
    after: float
    diff: float  # after − before
    low: float  # 95 % interval of the difference
    high: float
    n_before: int
    n_after: int


def welch(before: Sequence[float], after: Sequence[float]) -> Difference | None:
    """The change in mean between two independent groups with Welch's 95 % interval.

    Rounds are answered by different (anonymous) people, so the samples are independent and their
    variances may differ; that is Welch's case. None when a side has fewer than two answers."""
    if len(before) < 2 or len(after) < 2:
        return None
    mb, ma = mean(before), mean(after)
    vb, va = variance(before) / len(before), variance(after) / len(after)
    se = math.sqrt(vb + va)
    if se == 0:
        half = 0.0
    else:
        df = (vb + va) ** 2 / (vb**2 / (len(before) - 1) + va**2 / (len(after) - 1))
        half = t975(df) * se
    d = ma - mb
    return Difference(mb, ma, d, d - half, d + half, len(before), len(after))


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's α for complete answers (one row per respondent, one column per item).

    None with fewer than two items, fewer than MIN_ALPHA_ANSWERS rows, or no variance."""
    if not rows or len(rows[0]) < 2 or len(rows) < MIN_ALPHA_ANSWERS:
        return None
    k = len(rows[0])
    item_var = math.fsum(variance([r[i] for r in rows]) for i in range(k))
    total_var = variance([math.fsum(r) for r in rows])
    if total_var == 0:
        return None
    return k / (k - 1) * (1 - item_var / total_var)
