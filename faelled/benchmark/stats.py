"""Small exact statistics benchmarking needs without a SciPy dependency: Student's t quantile
and an ordinary least-squares trend with its confidence interval.

The t quantile starts from the Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5) and is
polished by Newton steps on the exact t distribution function for integer degrees of freedom
(A&S 26.7.3-4), so it matches published tables to 1e-8 even for 3 degrees of freedom, where the
expansion alone is off in the third decimal (a five-point trend has 3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np


def t_cdf(t: float, df: int) -> float:
    """P(T ≤ t) for Student's t with integer `df` ≥ 1 (closed form, A&S 26.7.3-4)."""
    theta = math.atan2(t, math.sqrt(df))
    c2 = math.cos(theta) ** 2
    if df % 2 == 1:
        term, total = 1.0, 1.0 if df > 1 else 0.0
        for k in range(1, (df - 1) // 2):
            term *= c2 * (2 * k) / (2 * k + 1)
            total += term
        a = (2 / math.pi) * (theta + math.sin(theta) * math.cos(theta) * total)
    else:
        term, total = 1.0, 1.0
        for k in range(1, df // 2):
            term *= c2 * (2 * k - 1) / (2 * k)
            total += term
        a = math.sin(theta) * total
    return (1 + a) / 2


def _t_pdf(t: float, df: int) -> float:
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_c - (df + 1) / 2 * math.log1p(t * t / df))


def t_quantile(p: float, df: int) -> float:
    """The `p` quantile of Student's t with integer `df` ≥ 1."""
    if not 0 < p < 1 or df < 1:
        raise ValueError(f"t_quantile needs 0 < p < 1 and df ≥ 1, got {p}, {df}")
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    z = NormalDist().inv_cdf(p)
    g = (
        (z**3 + z) / 4,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
    )
    t = z + float(sum(gi / df ** (i + 1) for i, gi in enumerate(g)))
    for _ in range(4):
        t -= (t_cdf(t, df) - p) / _t_pdf(t, df)
    return t


@dataclass(frozen=True)
class Trend:
    """An OLS slope per year with its confidence interval over `points` periods."""

    slope: float
    lower: float
    upper: float
    points: int
    first_year: int
    last_year: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "slope": self.slope,
            "lower": self.lower,
            "upper": self.upper,
            "points": self.points,
            "first_year": self.first_year,
            "last_year": self.last_year,
        }


def trend(years: list[int], values: list[float], level: float = 0.95) -> Trend | None:
    """The least-squares slope of `values` on `years` and its `level` confidence interval
    (t with n − 2 degrees of freedom). None with fewer than three points: two points always
    lie on a line, so no interval can be said."""
    if len(years) < 3 or len(set(years)) < 3:
        return None
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    xc = x - x.mean()
    sxx = float(xc @ xc)
    slope = float(xc @ (y - y.mean()) / sxx)
    resid = y - y.mean() - slope * xc
    df = len(x) - 2
    se = math.sqrt(float(resid @ resid) / df / sxx)
    half = t_quantile(0.5 + level / 2, df) * se
    return Trend(slope, slope - half, slope + half, len(x), int(x.min()), int(x.max()))
