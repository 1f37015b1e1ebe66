"""The benchmarking answers the CLI and the web pages give, from one installation's data: a
municipality's peer group, and its standing on one KPI with peers, model and method."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from faelled.benchmark.data import read_covariates, read_kpi_values
from faelled.benchmark.expected import ModelFit, fit_kpi_period
from faelled.benchmark.peers import (
    DEFAULT_K,
    GENERAL,
    PeerGroup,
    computed_group,
    nearest,
    reference_group,
)
from faelled.benchmark.ranks import Standing, standing
from faelled.catalog.kpis import KPI
from faelled.engine.database import Database
from faelled.errors import NotFound
from faelled.reference import resolve


@dataclass(frozen=True)
class Inputs:
    """What benchmarking reads from an installation. `covariates` is None when the structural
    datasets are not loaded: groups then fall back to the kommunegruppe and no model is fitted."""

    kpis: pd.DataFrame
    covariates: pd.DataFrame | None


def read_inputs(db: Database, kpi: str | None = None) -> Inputs:
    values = read_kpi_values(db, kpi)
    try:
        covariates: pd.DataFrame | None = read_covariates(db)
    except NotFound:
        covariates = None
    return Inputs(values, covariates)


def peer_group(
    covariates: pd.DataFrame | None,
    code: str,
    domain: str | None = None,
    *,
    k: int = DEFAULT_K,
    indicators: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
) -> PeerGroup:
    """The computed group for the domain; a "find my nearest" group when `indicators` are
    given; the kommunegruppe when there are no structural data to compute from."""
    code = resolve(code)
    if covariates is None:
        if indicators:
            raise NotFound(
                "Ingen strukturdata at søge i / no structural data to search.",
                hint="Indlæs socioeconomic og population, og prøv igen.",
            )
        return reference_group(code, "kommunegruppe")
    if indicators:
        return nearest(covariates, code, indicators, weights=weights, k=k, domain=domain)
    return computed_group(covariates, code, domain or GENERAL, k=k)


@dataclass(frozen=True)
class Benchmark:
    standing: Standing
    fit: ModelFit | None

    def as_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            **self.standing.as_dict(lang),
            "model": self.fit.summary() if self.fit else None,
        }


def benchmark(
    inputs: Inputs, kpi: KPI, code: str, period: str | None = None, *, k: int = DEFAULT_K
) -> Benchmark:
    """`code`'s standing on `kpi` against its computed peers, with the period's model."""
    code = resolve(code)
    values = inputs.kpis[inputs.kpis["kpi"] == kpi.id]
    if values.empty:
        raise NotFound(
            f"Ingen værdier for {kpi.id} endnu / no values yet.",
            hint="Kør først / run first: faelled compute",
        )
    group = peer_group(inputs.covariates, code, str(kpi.domain), k=k)
    if period is None:
        mine = values.loc[values["municipality"] == code, "period"]
        period = max(mine, key=lambda p: (int(p[:4]), p)) if len(mine) else None
    fit = (
        fit_kpi_period(values, inputs.covariates, kpi.id, period, str(kpi.domain))
        if inputs.covariates is not None and period is not None
        else None
    )
    result = standing(
        values,
        kpi.id,
        kpi.direction,
        code,
        group,
        period,
        fit.row(code) if fit else None,
    )
    return Benchmark(result, fit)
