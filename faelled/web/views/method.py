"""The method note on the web: per domain the indicators, base years, k and the peer groups'
stability, with the expected-versus-actual model's fit per key figure — over the figures as
served (faelled/benchmark/method.py computes it). The benchmark page shows the chosen key
figure's fit; the domain's page (/metode/{domain}) every key figure's."""

from __future__ import annotations

from typing import Any

import pandas as pd

from faelled.access import Actor, check
from faelled.benchmark.data import INDICATORS
from faelled.benchmark.method import MODEL_TEXT, MethodNote, method_note
from faelled.benchmark.peers import DOMAIN_INDICATORS, GENERAL, indicators_for
from faelled.catalog.kpis import KPI
from faelled.errors import InputError, NotFound
from faelled.web.i18n import Lang, translate
from faelled.web.serving import readable_kpis
from faelled.web.store import Snapshot
from faelled.web.views.benchmark_inputs import served
from faelled.web.views.figures import fmt


def _note(
    snap: Snapshot, domain: str, kpis: list[KPI], frames: list[pd.DataFrame]
) -> MethodNote | None:
    if snap.covariates is None or not frames:
        return None
    try:
        return method_note(domain, pd.concat(frames), snap.covariates, {k.id: domain for k in kpis})
    except (InputError, NotFound):
        return None  # not the domain's indicators: the pages say the groups fell back


def kpi_note(actor: Actor, snap: Snapshot, kpi: KPI) -> MethodNote | None:
    """The note of the KPI's domain with this KPI's fit alone (cheap: its values are served for
    the page anyway)."""

    def build() -> MethodNote | None:
        return _note(snap, str(kpi.domain), [kpi], [served(actor, snap, kpi)[0]])

    result: MethodNote | None = snap.memoised(("note", actor, kpi.id), build)
    return result


def domain_note(actor: Actor, snap: Snapshot, domain: str) -> MethodNote | None:
    """The note with every key figure of the domain the actor may read. The first view of a
    generation decides suppression for each of them in every period, so it takes a while."""

    def build() -> MethodNote | None:
        kpis = [
            k
            for k in readable_kpis(actor, snap).values()
            if str(k.domain) == domain and snap.has_values(k.id)
        ]
        return _note(snap, domain, kpis, [served(actor, snap, k)[0] for k in kpis])

    result: MethodNote | None = snap.memoised(("domain-note", actor, domain), build)
    return result


def method_data(domain: str, lang: Lang, actor: Actor, snap: Snapshot) -> dict[str, Any]:
    """The domain's method page (and the JSON of /api/v1/method/{domain})."""
    check(actor, "read", "reference")
    known = set(DOMAIN_INDICATORS) | {str(k.domain) for k in snap.kpis.values()}
    if domain not in known:
        raise NotFound(f"Ukendt domæne / unknown domain {domain!r}.", hint=", ".join(sorted(known)))
    method = method_section(domain_note(actor, snap, domain), domain, lang)
    titles = {k.id: k.title.get(lang) for k in readable_kpis(actor, snap).values()}
    for f in method.get("fits", []):
        f["title"] = titles.get(f["kpi"], f["kpi"])
    return {
        "domain": domain,
        "domain_title": translate(f"domain_{domain}", lang),
        "domains": [
            {"id": d, "title": translate(f"domain_{d}", lang)}
            for d in sorted(DOMAIN_INDICATORS)
            if d != GENERAL
        ],
        "method": method,
    }


def method_section(n: MethodNote | None, domain: str, lang: Lang) -> dict[str, Any]:
    if n is None:
        return {
            "domain": domain,
            "available": False,
            "indicators": [
                {"id": i, "title": INDICATORS[i].da if lang == "da" else INDICATORS[i].en}
                for i in indicators_for(domain)
            ],
        }
    data = n.as_dict()
    data["available"] = True
    data["domain_title"] = translate(f"domain_{domain}", lang)
    data["model_text"] = MODEL_TEXT[lang]
    for i in data["indicators"]:
        i["title"] = i[lang]
    s = data["stability"]
    s["mean_overlap_text"] = f"{n.stability.mean_overlap:.0%}"
    s["base_vs_last_text"] = f"{n.stability.base_vs_last:.0%}"
    for p in s["pairs"]:
        p["overlap_text"] = f"{p['overlap']:.0%}"
    for f in data["fits"]:
        f["latest_r2_text"] = fmt(f["latest_r2"], lang, 2)
        f["mean_r2_text"] = fmt(f["mean_r2"], lang, 2)
        f["flag_rate_text"] = (
            f"{100 * f['flag_rate']:.1f}".replace(".", "," if lang == "da" else ".") + " %"
        )
    return data
