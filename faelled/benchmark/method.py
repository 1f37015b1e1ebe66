"""The method note per domain, generated from the data it describes: which indicators, which
years, which k, which model, how well it fits, and how stable the peer groups are. As data
(for the JSON twin and tests) and as Markdown (for the page and for `docs/`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from faelled.benchmark.data import INDICATORS, period_year
from faelled.benchmark.expected import LEVEL, ModelFit, fit_kpi_period
from faelled.benchmark.peers import DEFAULT_K, Stability, base_years, indicators_for, stability

MODEL_TEXT = {
    "da": (
        "Per nøgletal og periode: lineær regression af værdien på domænets indikatorer "
        "(standardiserede) over kommunerne, vægtet med 1/(τ² + φ/n), hvor n er antallet bag "
        "værdien. Forventet værdi og 95%-prædiktionsinterval for hver kommune fra modellen uden "
        "kommunen selv (leave-one-out). Uden for intervallet: markeret."
    ),
    "en": (
        "Per KPI and period: linear regression on the domain's standardised indicators across "
        "municipalities, weighted by 1/(τ² + φ/n) where n is the count behind the value; each "
        "municipality's expected value and 95% prediction interval come from the model without "
        "it (leave-one-out); outside the interval is flagged."
    ),
}


@dataclass(frozen=True)
class KpiFit:
    kpi: str
    periods: int
    latest_period: str
    latest_r2: float
    mean_r2: float
    n: int
    flag_rate: float  # share of municipality × period outside the interval

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "periods": self.periods,
            "latest_period": self.latest_period,
            "latest_r2": round(self.latest_r2, 4),
            "mean_r2": round(self.mean_r2, 4),
            "n": self.n,
            "flag_rate": round(self.flag_rate, 4),
        }


@dataclass(frozen=True)
class MethodNote:
    domain: str
    indicators: tuple[str, ...]
    base_years: tuple[int, ...]
    covariate_years: tuple[int, ...]
    k: int
    level: float
    fits: tuple[KpiFit, ...]
    stability: Stability

    def as_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "indicators": [
                {"id": i, "da": INDICATORS[i].da, "en": INDICATORS[i].en} for i in self.indicators
            ],
            "base_years": list(self.base_years),
            "covariate_years": list(self.covariate_years),
            "k": self.k,
            "model": MODEL_TEXT,  # {"da": …, "en": …}
            "level": self.level,
            "fits": [f.as_dict() for f in self.fits],
            "stability": self.stability.as_dict(),
        }


def summarise(kpi: str, fits: Sequence[ModelFit]) -> KpiFit:
    ordered = sorted(fits, key=lambda f: (period_year(f.period), f.period))
    rows = sum(f.n for f in ordered)
    return KpiFit(
        kpi=kpi,
        periods=len(ordered),
        latest_period=ordered[-1].period,
        latest_r2=ordered[-1].r2,
        mean_r2=float(np.mean([f.r2 for f in ordered])),
        n=ordered[-1].n,
        flag_rate=sum(len(f.flagged) for f in ordered) / rows if rows else 0.0,
    )


def method_note(
    domain: str,
    kpis: pd.DataFrame,
    covariates: pd.DataFrame,
    kpi_domains: Mapping[str, str],
    *,
    k: int = DEFAULT_K,
) -> MethodNote:
    """The note for one domain, fitting every period of every KPI in it."""
    fits = []
    for kpi in sorted(k_ for k_, d in kpi_domains.items() if d == domain):
        periods = sorted(kpis.loc[kpis["kpi"] == kpi, "period"].unique())
        models = [fit_kpi_period(kpis, covariates, kpi, p, domain) for p in periods]
        done = [m for m in models if m is not None]
        if done:
            fits.append(summarise(kpi, done))
    years = tuple(sorted({int(y) for y in covariates.index.get_level_values("year")}))
    return MethodNote(
        domain=domain,
        indicators=indicators_for(domain),
        base_years=base_years(covariates),
        covariate_years=years,
        k=k,
        level=LEVEL,
        fits=tuple(fits),
        stability=stability(covariates, domain, k),
    )


def markdown(note: MethodNote, lang: str = "da") -> str:
    """The note as Markdown."""
    da = lang == "da"
    names = [INDICATORS[i].da if da else INDICATORS[i].en for i in note.indicators]
    years = f"{note.base_years[0]}–{note.base_years[-1]}"
    s = note.stability
    lines = [
        f"# {'Metodenote' if da else 'Method note'}: {note.domain}",
        "",
        f"## {'Sammenligningskommuner' if da else 'Comparable municipalities'}",
        "",
        ("Indikatorer: " if da else "Indicators: ") + ", ".join(names) + ".",
        (
            f"Hver indikator standardiseres over kommunerne (gennemsnit {years}); de {note.k} "
            "nærmeste kommuner (euklidisk afstand) er sammenligningsgruppen."
            if da
            else f"Each indicator is standardised across municipalities (mean of {years}); the "
            f"{note.k} nearest municipalities (Euclidean distance) form the group."
        ),
        "",
        (
            f"Stabilitet: grupper beregnet på ét års indikatorer deler i gennemsnit "
            f"{s.mean_overlap:.0%} af medlemmerne med næste års; basisgrupperne deler "
            f"{s.base_vs_last:.0%} med grupper fra {note.covariate_years[-1]} alene."
            if da
            else f"Stability: groups computed on one year's indicators share on average "
            f"{s.mean_overlap:.0%} of their members with the next year's; the base groups share "
            f"{s.base_vs_last:.0%} with groups from {note.covariate_years[-1]} alone."
        ),
        "",
        "| år | næste år | overlap |" if da else "| year | next year | overlap |",
        "|---|---|---|",
        *(f"| {a} | {b} | {o:.0%} |" for a, b, o in s.pairs),
        "",
        f"## {'Forventet mod faktisk' if da else 'Expected versus actual'}",
        "",
        MODEL_TEXT["da" if da else "en"],
        "",
        (
            "| nøgletal | perioder | seneste | R² seneste | R² gns. | n | markeret |"
            if da
            else "| KPI | periods | latest | R² latest | R² mean | n | flagged |"
        ),
        "|---|---|---|---|---|---|---|",
        *(
            f"| {f.kpi} | {f.periods} | {f.latest_period} | {f.latest_r2:.2f} | "
            f"{f.mean_r2:.2f} | {f.n} | {f.flag_rate:.1%} |"
            for f in note.fits
        ),
        "",
    ]
    return "\n".join(lines)
