"""Benchmarking's inputs on the web, as served: a KPI's values after the policy and suppression
as the frame faelled/benchmark works on, and the period's expected-versus-actual model over them.
Memoised on the snapshot per actor (what is served differs by actor)."""

from __future__ import annotations

import pandas as pd

from faelled.access import Actor
from faelled.benchmark.data import kpi_frame
from faelled.benchmark.expected import ModelFit, fit_kpi_period
from faelled.catalog.kpis import KPI
from faelled.web.serving import ValuesQuery, disclose_pairs, select_values
from faelled.web.store import Snapshot


def served(actor: Actor, snap: Snapshot, kpi: KPI) -> tuple[pd.DataFrame, dict[str, set[str]]]:
    """Every municipality's served whole-area value of `kpi` in every period as the KPI-values
    frame (faelled/benchmark/data.py), and per period the municipalities whose value is
    suppressed — which the frame leaves out."""

    def build() -> tuple[pd.DataFrame, dict[str, set[str]]]:
        q = ValuesQuery(kpis=[kpi.id], area_type="municipality", breakdown="total")
        rows = disclose_pairs(actor, snap, select_values(actor, snap, q))
        hidden: dict[str, set[str]] = {}
        for r in rows:
            if r["suppressed"]:
                hidden.setdefault(str(r["period"]), set()).add(r["area"])
        shown = [r for r in rows if r["value"] is not None]
        cols = ["kpi", "area", "period", "value", "numerator", "denominator", "n"]
        frame = kpi_frame(
            pd.DataFrame(shown, columns=cols).astype({"numerator": float, "denominator": float})
        )
        return frame, hidden

    result: tuple[pd.DataFrame, dict[str, set[str]]] = snap.memoised(
        ("served", actor, kpi.id), build
    )
    return result


def model(actor: Actor, snap: Snapshot, kpi: KPI, period: str) -> ModelFit | None:
    """The period's expected-versus-actual model over the served values."""

    def build() -> ModelFit | None:
        if snap.covariates is None:
            return None
        frame, _ = served(actor, snap, kpi)
        return fit_kpi_period(frame, snap.covariates, kpi.id, period, str(kpi.domain))

    result: ModelFit | None = snap.memoised(("model", actor, kpi.id, period), build)
    return result
