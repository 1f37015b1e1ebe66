"""The open API's benchmarking answers, /api/v1: a municipality's peer groups, its benchmark on
one key figure and a domain's method note (the JSON twins of the benchmark and method pages,
from the same data functions)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from faelled.access import Actor
from faelled.benchmark.peers import DEFAULT_K
from faelled.web.deps import current_actor, snapshot
from faelled.web.i18n import Lang
from faelled.web.responses import json_response
from faelled.web.store import Snapshot
from faelled.web.views.benchmark import MAX_K, GroupKind, benchmark_data, peers_data
from faelled.web.views.method import method_data

router = APIRouter(prefix="/api/v1", tags=["benchmark"])
ActorDep = Annotated[Actor, Depends(current_actor)]
SnapDep = Annotated[Snapshot, Depends(snapshot)]
K = Query(DEFAULT_K, ge=1, le=MAX_K, description="Antal / how many peers")


@router.get(
    "/peers/{code}",
    summary="Sammenligningskommuner / a municipality's peer group, and why",
)
def peers(
    code: str,
    actor: ActorDep,
    snap: SnapDep,
    domain: str | None = Query(None, description="employment, schools, economy, elderly, staff"),
    group: GroupKind = Query("computed", description="computed | kommunegruppe | region"),
    k: int = K,
    indicators: str | None = Query(
        None,
        description="Find my nearest on these: name[:weight],… e.g. urban_share:2,share_65_plus",
    ),
    lang: Lang = "da",
) -> Response:
    return json_response(peers_data(code, lang, actor, snap, domain, group, k, indicators))


@router.get(
    "/benchmark/{code}",
    summary="Sammenligning / a municipality's benchmark on one key figure (the benchmark page)",
)
def benchmark(
    code: str,
    actor: ActorDep,
    snap: SnapDep,
    kpi: str | None = Query(None, description="The key figure (default: the first with values)"),
    period: str | None = Query(None, description="Period (default: the latest)"),
    group: GroupKind = Query("computed", description="computed | kommunegruppe | region"),
    k: int = K,
    lang: Lang = "da",
) -> Response:
    return json_response(benchmark_data(code, lang, actor, snap, kpi, period, group, k))


@router.get(
    "/method/{domain}",
    summary="Metodenote / a domain's method note: indicators, base years, k, stability, fits",
)
def method(domain: str, actor: ActorDep, snap: SnapDep, lang: Lang = "da") -> Response:
    return json_response(method_data(domain, lang, actor, snap))
