"""Peer groups: who a municipality is compared with.

* **kommunegruppe** and **region** — Statistics Denmark's five municipality groups and the five
  regions, from the shipped reference tables.
* **computed** (sammenligningskommuner) — per domain, the k municipalities nearest on
  standardised structural indicators a municipality cannot change quickly (`DOMAIN_INDICATORS`).
  The indicators are averaged over the *first* years with data (`BASE_YEARS`), so a group does
  not move when this year's figures arrive, and is the same for every period it is used with.
* **nearest** — the same distance with indicators and weights the user chooses (Kolada's
  similarity search).
* **user** — named networks of municipalities from a small YAML file.

Distance: Euclidean on z-scores (each indicator standardised across the 98 municipalities, then
multiplied by the square root of its weight, so a weight of 2 counts an indicator twice).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml

from faelled.benchmark.data import INDICATORS
from faelled.errors import InputError, NotFound
from faelled.reference import reference, resolve

PeerKind = Literal["kommunegruppe", "region", "computed", "nearest", "user"]
DEFAULT_K = 10
BASE_YEARS = 3  # the first years with covariates, averaged: the groups' stable base

# Per domain: what shapes the figures and cannot be changed quickly. The same indicators are
# the covariates of the domain's expected-versus-actual model (faelled/benchmark/expected.py),
# so the peer group and the model rest on one stated choice. Income is left out of the
# defaults: within a year it is almost collinear with the socio-economic index.
DOMAIN_INDICATORS: dict[str, tuple[str, ...]] = {
    # Benefit shares follow socio-economic condition, education and background; towns and size
    # shape the labour market.
    "employment": (
        "socioeconomic_index",
        "basic_education_share",
        "non_western_share",
        "urban_share",
        "log_population",
    ),
    # The Ministry's socio-economic reference for schools rests on parents' education, income
    # and background; the share of school-age children says how large the school system is.
    "schools": (
        "socioeconomic_index",
        "basic_education_share",
        "non_western_share",
        "share_6_16",
        "urban_share",
    ),
    # Spending per inhabitant is driven by who lives there (children, elderly), by condition
    # (transfers), and by size and distance (economies of scale, roads).
    "economy": (
        "log_population",
        "share_0_5",
        "share_6_16",
        "share_65_plus",
        "socioeconomic_index",
        "urban_share",
    ),
    # Care need rises with the oldest old; condition and settlement shape how it is met.
    "elderly": (
        "share_65_plus",
        "share_80_plus",
        "socioeconomic_index",
        "urban_share",
        "log_population",
    ),
    # Staff figures follow the size of the organisation and the population it serves.
    "staff": ("log_population", "socioeconomic_index", "urban_share", "share_65_plus"),
}
GENERAL = "general"
DOMAIN_INDICATORS[GENERAL] = (
    "log_population",
    "share_6_16",
    "share_65_plus",
    "socioeconomic_index",
    "urban_share",
)


def indicators_for(domain: str | None) -> tuple[str, ...]:
    """The domain's indicators; the general set for a domain without its own (data quality,
    structure, user domains)."""
    return DOMAIN_INDICATORS.get(str(domain), DOMAIN_INDICATORS[GENERAL])


@dataclass(frozen=True)
class PeerGroup:
    kind: PeerKind
    municipality: str
    members: tuple[str, ...]  # the peers, nearest first, without the municipality itself
    domain: str | None = None
    name: str = ""
    indicators: tuple[str, ...] = ()
    weights: Mapping[str, float] = field(default_factory=dict)
    years: tuple[int, ...] = ()
    distances: tuple[float, ...] = ()  # for computed and nearest groups, as `members`

    def why(self, lang: str = "da") -> str:
        """One sentence on how the group was made."""
        m = reference().municipality(self.municipality)
        if self.kind == "kommunegruppe":
            return (
                f"Kommunerne i Danmarks Statistiks kommunegruppe {m.kommunegruppe_name}."
                if lang == "da"
                else f"The municipalities in Statistics Denmark's group {m.kommunegruppe_name}."
            )
        if self.kind == "region":
            return f"Kommunerne i {m.region_name}." if lang == "da" else f"In {m.region_name}."
        if self.kind == "user":
            return (
                f"Brugerdefineret gruppe {self.name}."
                if lang == "da"
                else f"User group {self.name}."
            )
        names = ", ".join(
            INDICATORS[i].da if lang == "da" else INDICATORS[i].en for i in self.indicators
        )
        years = f"{self.years[0]}–{self.years[-1]}" if self.years else ""
        if lang == "da":
            return (
                f"De {len(self.members)} kommuner, der ligner mest på {names} "
                f"(standardiseret, gennemsnit {years})."
            )
        return (
            f"The {len(self.members)} municipalities most alike on {names} "
            f"(standardised, mean of {years})."
        )

    def as_dict(self, lang: str = "da") -> dict[str, Any]:
        names = {m.code: m.name for m in reference().municipalities}
        return {
            "kind": self.kind,
            "municipality": self.municipality,
            "domain": self.domain,
            "name": self.name,
            "why": self.why(lang),
            "indicators": list(self.indicators),
            "weights": dict(self.weights),
            "years": list(self.years),
            "members": [
                {
                    "id": code,
                    "title": names.get(code, code),
                    "distance": self.distances[i] if self.distances else None,
                }
                for i, code in enumerate(self.members)
            ],
        }


# ---- reference groups -------------------------------------------------------------------------


def kommunegruppe_members(code: str) -> tuple[str, ...]:
    """All municipalities in `code`'s kommunegruppe, itself included."""
    group = reference().municipality(code).kommunegruppe_code
    return tuple(m.code for m in reference().municipalities if m.kommunegruppe_code == group)


def reference_group(code: str, kind: Literal["kommunegruppe", "region"]) -> PeerGroup:
    m = reference().municipality(code)
    if kind == "kommunegruppe":
        members = kommunegruppe_members(code)
        name = m.kommunegruppe_name
    else:
        members = tuple(
            x.code for x in reference().municipalities if x.region_code == m.region_code
        )
        name = m.region_name
    return PeerGroup(kind, code, tuple(c for c in members if c != code), name=name)


# ---- computed groups --------------------------------------------------------------------------


def base_years(covariates: pd.DataFrame, n: int = BASE_YEARS) -> tuple[int, ...]:
    years = sorted({int(y) for y in covariates.index.get_level_values("year")})
    if not years:
        raise NotFound("Ingen strukturdata / no structural data for peer groups.")
    return tuple(years[:n])


def standardised(
    covariates: pd.DataFrame,
    indicators: Sequence[str],
    years: Sequence[int],
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Municipality × indicator: the mean over `years`, as z-scores across municipalities,
    times √weight. Municipalities missing an indicator are left out (they cannot be placed)."""
    unknown = [i for i in indicators if i not in covariates.columns]
    if unknown:
        raise InputError(
            f"Ukendte eller manglende indikatorer / unknown or missing indicators: {unknown}.",
            hint="Mulige / available: " + ", ".join(c for c in covariates.columns),
        )
    rows = covariates[covariates.index.get_level_values("year").isin(list(years))]
    mean = rows[list(indicators)].groupby(level="municipality").mean().dropna()
    sd = mean.std(ddof=0).replace(0, 1.0)  # a constant indicator separates no one
    z = (mean - mean.mean()) / sd
    for ind in indicators:
        z[ind] *= np.sqrt(float((weights or {}).get(ind, 1.0)))
    return z


def _distances(z: pd.DataFrame, code: str) -> pd.Series:
    if code not in z.index:
        raise NotFound(
            f"Kommune {code} mangler strukturdata / has no structural data for these indicators."
        )
    d = np.sqrt(((z - z.loc[code]) ** 2).sum(axis=1))
    # Nearest first; ties broken by code so the groups are reproducible.
    return d.drop(code).sort_index(key=lambda s: s.astype(int)).sort_values(kind="stable")


def nearest(
    covariates: pd.DataFrame,
    code: str,
    indicators: Sequence[str],
    *,
    weights: Mapping[str, float] | None = None,
    k: int = DEFAULT_K,
    years: Sequence[int] | None = None,
    kind: PeerKind = "nearest",
    domain: str | None = None,
) -> PeerGroup:
    """The `k` municipalities nearest `code` on `indicators` (with `weights`), averaged over
    `years` (default: the first `BASE_YEARS` years with data)."""
    if k < 1:
        raise InputError(f"k skal være mindst 1 / must be at least 1: {k}.")
    bad = {i: w for i, w in (weights or {}).items() if w < 0 or i not in indicators}
    if bad:
        raise InputError(f"Ugyldige vægte / invalid weights: {bad}.", hint="Vægte ≥ 0.")
    code = resolve(code)
    yrs = tuple(years) if years else base_years(covariates)
    d = _distances(standardised(covariates, indicators, yrs, weights), code).iloc[:k]
    return PeerGroup(
        kind,
        code,
        tuple(str(c) for c in d.index),
        domain=domain,
        indicators=tuple(indicators),
        weights=dict(weights or {}),
        years=yrs,
        distances=tuple(round(float(v), 4) for v in d),
    )


def computed_group(
    covariates: pd.DataFrame,
    code: str,
    domain: str | None,
    *,
    k: int = DEFAULT_K,
    years: Sequence[int] | None = None,
) -> PeerGroup:
    """The domain's sammenligningskommuner for `code`."""
    return nearest(
        covariates,
        code,
        indicators_for(domain),
        k=k,
        years=years,
        kind="computed",
        domain=str(domain) if domain else GENERAL,
    )


def computed_groups(
    covariates: pd.DataFrame,
    domain: str | None,
    *,
    k: int = DEFAULT_K,
    years: Sequence[int] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Every municipality's computed group for the domain at once: code → members."""
    yrs = tuple(years) if years else base_years(covariates)
    z = standardised(covariates, indicators_for(domain), yrs)
    z = z.loc[sorted(z.index, key=int)]  # code order: a stable sort then breaks ties by code
    m = z.to_numpy()
    d = np.sqrt(((m[:, None, :] - m[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(d, np.inf)
    order = np.argsort(d, axis=1, kind="stable")[:, :k]
    codes = [str(c) for c in z.index]
    return {code: tuple(codes[j] for j in order[i]) for i, code in enumerate(codes)}


@dataclass(frozen=True)
class Stability:
    """How much the groups computed on one year's indicators overlap with those of the next:
    the mean over municipalities of |A ∩ B| / k, per pair of consecutive years."""

    domain: str
    k: int
    pairs: tuple[tuple[int, int, float], ...]  # (year, next year, mean overlap)
    base_vs_last: float  # the stable base against groups from the latest year alone

    @property
    def mean_overlap(self) -> float:
        return float(np.mean([p[2] for p in self.pairs])) if self.pairs else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "k": self.k,
            "mean_overlap": round(self.mean_overlap, 4),
            "base_vs_last": round(self.base_vs_last, 4),
            "pairs": [{"year": a, "next": b, "overlap": round(o, 4)} for a, b, o in self.pairs],
        }


def _overlap(a: Mapping[str, tuple[str, ...]], b: Mapping[str, tuple[str, ...]], k: int) -> float:
    common = [c for c in a if c in b]
    return float(np.mean([len(set(a[c]) & set(b[c])) / k for c in common])) if common else 0.0


def stability(covariates: pd.DataFrame, domain: str | None, k: int = DEFAULT_K) -> Stability:
    years = sorted({int(y) for y in covariates.index.get_level_values("year")})
    by_year = {y: computed_groups(covariates, domain, k=k, years=[y]) for y in years}
    pairs = tuple((a, b, _overlap(by_year[a], by_year[b], k)) for a, b in itertools.pairwise(years))
    base = computed_groups(covariates, domain, k=k)
    last = _overlap(base, by_year[years[-1]], k) if years else 1.0
    return Stability(str(domain) if domain else GENERAL, k, pairs, last)


# ---- user-defined groups ----------------------------------------------------------------------


def load_user_groups(path: Path) -> dict[str, tuple[str, ...]]:
    """Named networks from YAML: `groups: {name: [municipality names or codes, …]}`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(
            f"Kan ikke læse grupperne i / cannot read groups in {path}: {exc}."
        ) from None
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, dict) or not all(isinstance(v, list) for v in groups.values()):
        raise InputError(
            f"{path}: forventede / expected 'groups: {{navn: [kommune, …]}}'.",
            hint="Fx groups:\n  Østjylland: [Aarhus, Skanderborg, Favrskov]",
        )
    return {str(name): tuple(resolve(str(m)) for m in ms) for name, ms in groups.items()}


def user_group(groups: Mapping[str, tuple[str, ...]], name: str, code: str) -> PeerGroup:
    if name not in groups:
        raise NotFound(
            f"Ingen gruppe ved navn / no group named {name!r}.",
            hint="Grupper / groups: " + ", ".join(sorted(groups)),
        )
    code = resolve(code)
    return PeerGroup("user", code, tuple(c for c in groups[name] if c != code), name=name)
