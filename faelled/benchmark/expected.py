"""Expected versus actual: what a municipality's structural conditions predict for a key figure,
with a prediction interval, and whether the actual value lies outside it.

Per KPI and period, across the municipalities with a value:

    value_i = x_i · β + e_i,    Var(e_i) = τ² + φ / n_i

x_i is an intercept plus the domain's structural indicators (`peers.DOMAIN_INDICATORS`,
standardised), n_i the count behind the value. The variance has two parts because a small
municipality's figure is noisy for two reasons: real differences the indicators do not capture
(τ², the same for all) and sampling noise from few persons (φ / n_i, large when n is small).
Fitting one constant variance would flag small municipalities for their noise and miss large
ones; weighting by n alone would do the opposite. τ² and φ are estimated by regressing the
squared residuals on [1, 1/n] (kept non-negative, leaving out residuals beyond three
standard deviations), then β by weighted least squares; five rounds.

The expected value for a municipality is the *leave-one-out* prediction — what the model fitted
on the other municipalities predicts — so an outlier cannot pull its own expectation towards
itself or widen its own interval. With fixed variances this has a closed form through the
leverage h_i: prediction y_i − r_i / (1 − h_i), variance v_i + q_i / (1 − h_i) with
q_i = x_iᵀ(XᵀWX)⁻¹x_i. The interval uses Student's t with n − p degrees of freedom.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
import pandas as pd

from faelled.benchmark.data import period_year
from faelled.benchmark.peers import indicators_for
from faelled.benchmark.stats import t_quantile

LEVEL = 0.95
MIN_MUNICIPALITIES = 20  # fewer and a model with 5-6 covariates says little
ROUNDS = 5
TRIM = 3.0
# E[u² | |u| ≤ TRIM] for a standard normal u: 1 − 2·TRIM·φ(TRIM) / (2Φ(TRIM) − 1).
TRIM_FACTOR = 1 - 2 * TRIM * NormalDist().pdf(TRIM) / (2 * NormalDist().cdf(TRIM) - 1)
Flag = Literal["above", "below"]


@dataclass(frozen=True)
class Expected:
    municipality: str
    actual: float
    expected: float
    lower: float
    upper: float
    n: float

    @property
    def residual(self) -> float:
        return self.actual - self.expected

    @property
    def flag(self) -> Flag | None:
        if self.actual > self.upper:
            return "above"
        if self.actual < self.lower:
            return "below"
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "municipality": self.municipality,
            "actual": self.actual,
            "expected": self.expected,
            "lower": self.lower,
            "upper": self.upper,
            "residual": self.residual,
            "flag": self.flag,
            "n": self.n,
        }


@dataclass(frozen=True)
class ModelFit:
    kpi: str
    period: str
    covariate_year: int
    indicators: tuple[str, ...]
    coefficients: Mapping[str, float]  # per standard deviation of each indicator
    r2: float
    tau2: float
    phi: float
    level: float
    rows: tuple[Expected, ...]

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def flagged(self) -> list[Expected]:
        return [r for r in self.rows if r.flag is not None]

    def row(self, code: str) -> Expected | None:
        return next((r for r in self.rows if r.municipality == code), None)

    def summary(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "period": self.period,
            "covariate_year": self.covariate_year,
            "indicators": list(self.indicators),
            "coefficients": {k: round(v, 6) for k, v in self.coefficients.items()},
            "r2": round(self.r2, 4),
            "n": self.n,
            "level": self.level,
            "flagged": len(self.flagged),
        }

    def as_dict(self) -> dict[str, Any]:
        return {**self.summary(), "rows": [r.as_dict() for r in self.rows]}


def covariates_in(covariates: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each municipality's indicators in `year`, or in the nearest year it has (structural
    data are often published a year late, and a KPI's latest period must still be modelled)."""
    df = covariates.reset_index()
    df["gap"] = (df["year"] - year).abs()
    # Nearest year; between two equally near, the earlier (published data, not the future).
    best = df.sort_values(["municipality", "gap", "year"]).groupby("municipality").head(1)
    return best.set_index("municipality").drop(columns=["year", "gap"])


def _variance_components(
    r: np.ndarray, h: np.ndarray, inv_n: np.ndarray, v: np.ndarray, floor: float
) -> tuple[float, float]:
    """τ², φ from E[r²] ≈ (τ² + φ/n)(1 − h), both kept ≥ 0.

    Robust to the very deviations the model is meant to find: residuals beyond `TRIM` standard
    deviations under the current variances `v` are left out, and the rest scaled up by the
    variance of a normal truncated there, so a few outliers do not widen everyone's interval
    (two planted deviations of 7τ among 98 would otherwise double τ²)."""
    s = r**2 / np.clip(1 - h, 0.05, None)
    keep = s <= TRIM**2 * v
    if keep.sum() < 10:
        keep = np.ones_like(keep)
    s, inv_n = s[keep] / TRIM_FACTOR, inv_n[keep]
    z = np.column_stack([np.ones_like(inv_n), inv_n])
    (tau2, phi), *_ = np.linalg.lstsq(z, s, rcond=None)
    if phi < 0:
        tau2, phi = float(s.mean()), 0.0
    elif tau2 < 0:
        tau2, phi = 0.0, float(inv_n @ s / (inv_n @ inv_n))
    return max(float(tau2), floor), float(phi)


def fit(
    values: pd.DataFrame,
    covariates: pd.DataFrame,
    indicators: Sequence[str],
    *,
    kpi: str = "",
    period: str = "",
    level: float = LEVEL,
) -> ModelFit | None:
    """The model for one KPI and period. `values`: municipality, value, n (one row each);
    `covariates`: municipality → indicator columns (see `covariates_in`). None when too few
    municipalities have both a value and every indicator."""
    inds = [i for i in indicators if i in covariates.columns]
    # Plain arrays from here on: pandas joins cost more than the model for 98 rows.
    v = values.drop_duplicates("municipality").set_index("municipality")
    raw_all = covariates.reindex(v.index)[inds].to_numpy(float)
    y_all = v["value"].to_numpy(float)
    ok = np.isfinite(y_all) & np.isfinite(raw_all).all(axis=1)
    if ok.sum() < max(MIN_MUNICIPALITIES, len(inds) + 3):
        return None
    codes = [str(c) for c in v.index[ok]]
    raw, y = raw_all[ok], y_all[ok]
    sd = raw.std(axis=0)
    keep = sd > 0  # an indicator that is constant here says nothing
    inds = [i for i, k in zip(inds, keep, strict=True) if k]
    zx = (raw[:, keep] - raw[:, keep].mean(axis=0)) / sd[keep]
    x = np.column_stack([np.ones(len(y)), zx])
    n_obs = v["n"].to_numpy(float)[ok]
    # Without a usable count, every municipality gets the same sampling weight.
    usable = np.isfinite(n_obs) & (n_obs > 0)
    n_obs = np.where(usable, n_obs, np.median(n_obs[usable]) if usable.any() else 1.0)
    inv_n = np.median(n_obs) / n_obs  # relative to a typical municipality: well scaled
    floor = 1e-12 * max(float(y.var()), 1e-300)

    v = np.full_like(y, max(float(y.var()), floor))
    for _ in range(ROUNDS):
        w = 1 / v
        a_inv = np.linalg.pinv(x.T @ (x * w[:, None]))
        beta = a_inv @ (x.T @ (w * y))
        r = y - x @ beta
        q = np.einsum("ij,jk,ik->i", x, a_inv, x)
        tau2, phi = _variance_components(r, q * w, inv_n, v, floor)
        v = tau2 + phi * inv_n
    w = 1 / v
    a_inv = np.linalg.pinv(x.T @ (x * w[:, None]))
    beta = a_inv @ (x.T @ (w * y))
    r = y - x @ beta
    q = np.einsum("ij,jk,ik->i", x, a_inv, x)
    h = np.clip(q * w, 0, 0.99)
    loo = y - r / (1 - h)
    half = t_quantile(0.5 + level / 2, len(y) - x.shape[1]) * np.sqrt(v + q / (1 - h))
    # R² in the fit's own weights: unweighted residuals against a weighted fit can go below 0.
    y_w = float(w @ y / w.sum())
    r2 = 1 - float(w @ r**2) / float(w @ (y - y_w) ** 2) if y.var() > 0 else 0.0
    rows = tuple(
        Expected(
            str(code),
            float(y[i]),
            float(loo[i]),
            float(loo[i] - half[i]),
            float(loo[i] + half[i]),
            float(n_obs[i]),
        )
        for i, code in enumerate(codes)
    )
    return ModelFit(
        kpi,
        period,
        period_year(period) if period else 0,
        tuple(inds),
        {ind: float(b) for ind, b in zip(inds, beta[1:], strict=True)},
        r2,
        tau2,
        phi / float(np.median(n_obs)),
        level,
        rows,
    )


def fit_kpi_period(
    kpis: pd.DataFrame,
    covariates: pd.DataFrame,
    kpi: str,
    period: str,
    domain: str | None,
    *,
    indicators: Sequence[str] | None = None,
    level: float = LEVEL,
) -> ModelFit | None:
    """The model for one KPI in one period, from the KPI-values and covariate frames."""
    rows = kpis[(kpis["kpi"] == kpi) & (kpis["period"] == period)]
    cov = covariates_in(covariates, period_year(period))
    return fit(
        rows,
        cov,
        indicators or indicators_for(domain),
        kpi=kpi,
        period=period,
        level=level,
    )


def fit_all(
    kpis: pd.DataFrame,
    covariates: pd.DataFrame,
    domains: Mapping[str, str],
    *,
    level: float = LEVEL,
) -> list[ModelFit]:
    """A model for every KPI (with a domain in `domains`) and period in the frame."""
    out = []
    by_year: dict[int, pd.DataFrame] = {}
    for (kpi, period), rows in kpis.groupby(["kpi", "period"], sort=True):
        if kpi not in domains:
            continue
        year = period_year(str(period))
        if year not in by_year:  # the same covariates serve every KPI of the year
            by_year[year] = covariates_in(covariates, year)
        m = fit(
            rows,
            by_year[year],
            indicators_for(domains[str(kpi)]),
            kpi=str(kpi),
            period=str(period),
            level=level,
        )
        if m is not None:
            out.append(m)
    return out


def flags_frame(fits: Sequence[ModelFit]) -> pd.DataFrame:
    """All fits' rows as one frame: kpi, period, municipality, actual, expected, lower, upper,
    residual, flag."""
    return pd.DataFrame(
        [{"kpi": f.kpi, "period": f.period, **r.as_dict()} for f in fits for r in f.rows]
    )
