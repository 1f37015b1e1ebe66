"""The benchmark page and the peer-group answers: who a municipality is compared with and why,
its standing on one key figure among all and among those peers, and how it does against what its
structural conditions predict — over the figures as they are served.

Benchmarking here works on the *served* values only (policy, then suppression, as every page):
a suppressed municipality's value is not in the ranks, the peer values, the model fit or the
chart, so nothing derived from the page can recompute it. The peer groups rest on the structural
covariates read with the snapshot (faelled/web/store.py). Everything derived is memoised on the
snapshot, so it is computed once per generation (and per actor where what is served differs)."""

from __future__ import annotations

import math
from typing import Any, Literal, get_args

from faelled.access import Actor, check
from faelled.benchmark.data import INDICATORS, period_year
from faelled.benchmark.expected import ModelFit
from faelled.benchmark.peers import DEFAULT_K, DOMAIN_INDICATORS, PeerGroup, reference_group
from faelled.benchmark.ranks import Standing, standing
from faelled.benchmark.report import peer_group
from faelled.catalog.kpis import KPI
from faelled.errors import InputError, NotFound
from faelled.reference import reference, resolve_place
from faelled.web.charts_benchmark import scatter_chart
from faelled.web.i18n import Lang, translate
from faelled.web.serving import get_readable, readable_kpis
from faelled.web.store import Snapshot
from faelled.web.views.benchmark_inputs import model, served
from faelled.web.views.figures import fmt, kpi_summary
from faelled.web.views.method import kpi_note, method_section

GroupKind = Literal["computed", "kommunegruppe", "region"]
GROUP_KINDS: tuple[GroupKind, ...] = get_args(GroupKind)
MAX_K = 97


# ---- peer groups ------------------------------------------------------------------------------


def peers(
    snap: Snapshot,
    code: str,
    domain: str | None,
    kind: GroupKind = "computed",
    k: int = DEFAULT_K,
    indicators: tuple[str, ...] = (),
    weights: tuple[tuple[str, float], ...] = (),
) -> tuple[PeerGroup, str | None]:
    """The group and, when computed peers were asked for but cannot be made (no structural
    data, or not the domain's indicators), the reason the kommunegruppe stands in."""

    def build() -> tuple[PeerGroup, str | None]:
        if kind != "computed":
            return reference_group(code, kind), None
        try:
            group = peer_group(
                snap.covariates,
                code,
                domain,
                k=k,
                indicators=indicators or None,
                weights=dict(weights) or None,
            )
        except (InputError, NotFound) as exc:
            if indicators:
                raise  # the user's own indicators: say what is wrong, do not substitute
            return reference_group(code, "kommunegruppe"), str(exc)
        if group.kind != "computed" and not indicators:
            return group, "no_structure"
        return group, None

    if not 1 <= k <= MAX_K:
        raise InputError(f"k skal være mellem 1 og {MAX_K} / must be between 1 and {MAX_K}: {k}.")
    if indicators:
        return build()  # cheap, and the user's choices would fill the memo without bound
    result: tuple[PeerGroup, str | None] = snap.memoised(("peers", code, domain, kind, k), build)
    return result


def comparison_members(snap: Snapshot, code: str, kpi: KPI) -> tuple[str, list[str]]:
    """(kind, members including `code`): the KPI's domain's computed sammenligningskommuner,
    or the kommunegruppe when they cannot be computed. The profile tiles and the KPI page's
    peer line use this."""
    group, _ = peers(snap, code, str(kpi.domain))
    return group.kind, [code, *group.members]


def fallback_text(reason: str | None, lang: Lang) -> str | None:
    if reason is None:
        return None
    text = translate("bm_fallback", lang)
    return text if reason == "no_structure" else f"{text} ({reason})"


def group_data(
    group: PeerGroup, reason: str | None, lang: Lang, served: dict[str, dict[str, Any]] | None
) -> dict[str, Any]:
    """The group as data: how it was made, and each member with its distance and (when a period
    is given) its served value."""
    data = group.as_dict(lang)
    data["title"] = translate(f"bm_kind_{group.kind}", lang)
    data["fallback"] = fallback_text(reason, lang)
    data["k"] = len(group.members)
    data["indicators"] = [
        {"id": i, "title": INDICATORS[i].da if lang == "da" else INDICATORS[i].en}
        for i in group.indicators
        if i in INDICATORS
    ]
    for m in data["members"]:
        m["url"] = f"/kommune/{m['id']}"
        m["distance_text"] = fmt(m["distance"], lang, 2) if m["distance"] is not None else ""
        if served is not None:
            row = served.get(m["id"])
            m["value"] = row["value"] if row else None
            m["value_text"] = fmt(row["value"] if row else None, lang)
            m["suppressed"] = bool(row and row["suppressed"])
    return data


def peers_data(
    name_or_code: str,
    lang: Lang,
    actor: Actor,
    snap: Snapshot,
    domain: str | None = None,
    kind: GroupKind = "computed",
    k: int = DEFAULT_K,
    indicators: str | None = None,
) -> dict[str, Any]:
    """A municipality's peer group for a domain (the JSON of /api/v1/peers/{code});
    `indicators` "name[:weight],…" asks for the nearest on those instead (find my nearest)."""
    check(actor, "read", "reference")  # groups of municipalities from structural data
    code = _municipality(name_or_code)
    if kind not in GROUP_KINDS:
        raise InputError(f"Ukendt gruppe / unknown group {kind!r}.", hint=", ".join(GROUP_KINDS))
    known = set(DOMAIN_INDICATORS) | {str(x.domain) for x in snap.kpis.values()}
    if domain is not None and domain not in known:
        raise InputError(
            f"Ukendt domæne / unknown domain {domain!r}.", hint=", ".join(sorted(known))
        )
    names, weights = _parse_indicators(indicators)
    group, reason = peers(snap, code, domain, kind, k, names, weights)
    data = group_data(group, reason, lang, None)
    data["municipality_title"] = reference().municipality(code).name
    data["available_indicators"] = [
        {"id": i.id, "title": i.da if lang == "da" else i.en}
        for i in INDICATORS.values()
        if snap.covariates is not None and i.id in snap.covariates.columns
    ]
    return data


def _parse_indicators(text: str | None) -> tuple[tuple[str, ...], tuple[tuple[str, float], ...]]:
    if not text:
        return (), ()
    names: list[str] = []
    weights: list[tuple[str, float]] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, _, weight = part.partition(":")
        names.append(name.strip())
        if weight:
            try:
                w = float(weight.replace(",", "."))
                if not math.isfinite(w) or w < 0:
                    raise ValueError(w)
                weights.append((name.strip(), w))
            except ValueError:
                raise InputError(
                    f"Ugyldig vægt / invalid weight: {part!r}.",
                    hint="Fx indicators=urban_share:2,share_65_plus",
                ) from None
    return tuple(names), tuple(weights)


def _municipality(name_or_code: str) -> str:
    place = resolve_place(name_or_code)
    if place.kind != "municipality":
        raise NotFound(f"{place.name} er ikke en af de 98 kommuner / not one of the 98.")
    return place.code


def peer_series(
    actor: Actor, snap: Snapshot, kpi: KPI, code: str, lang: Lang
) -> list[dict[str, Any]]:
    """The KPI page's line for the municipality's computed peers: per period their weighted
    value (Σ value × denominator / Σ denominator; the plain mean for a KPI without a
    denominator) over the peers with a served value. Nothing when the peers fall back to the
    kommunegruppe, whose line the page already draws."""
    group, _ = peers(snap, code, str(kpi.domain))
    if group.kind != "computed":
        return []
    frame, _ = served(actor, snap, kpi)
    rows = frame[frame["municipality"].isin(group.members)]
    label = translate("bm_peers_line", lang)
    out = []
    for period, g in rows.groupby("period", sort=False):
        den = g["denominator"]
        value = (
            float((g["value"] * den).sum() / den.sum())
            if den.notna().all() and den.sum() > 0
            else float(g["value"].mean())
        )
        out.append({"series": label, "period": str(period), "value": value})
    return sorted(out, key=lambda r: (period_year(r["period"]), r["period"]))


# ---- the benchmark page -----------------------------------------------------------------------


def benchmark_data(
    name_or_code: str,
    lang: Lang,
    actor: Actor,
    snap: Snapshot,
    kpi_id: str | None = None,
    period: str | None = None,
    kind: GroupKind = "computed",
    k: int = DEFAULT_K,
) -> dict[str, Any]:
    """The benchmark page's data (and the JSON of /api/v1/benchmark/{code})."""
    check(actor, "read", "reference")
    code = _municipality(name_or_code)
    if kind not in GROUP_KINDS:
        raise InputError(f"Ukendt gruppe / unknown group {kind!r}.", hint=", ".join(GROUP_KINDS))
    choices = [kpi for kpi in readable_kpis(actor, snap).values() if snap.has_values(kpi.id)]
    if kpi_id is None:
        if not choices:
            raise NotFound(
                "Ingen nøgletal endnu / no key figures yet.",
                hint="Kør først / run first: faelled compute",
            )
        kpi_id = choices[0].id
    kpi = get_readable(actor, snap, kpi_id)  # the policy: NotFound or Forbidden
    periods = snap.periods.get(kpi.id, [])
    if not periods:
        raise NotFound(f"Ingen tal for {kpi.id} endnu / no figures yet.")
    if period is not None and period not in periods:
        raise NotFound(
            f"Ingen tal for {kpi.id} i {period} / no figures for that period.",
            hint="Perioder / periods: " + ", ".join(periods),
        )
    period = period or periods[-1]
    domain = str(kpi.domain)
    frame, hidden = served(actor, snap, kpi)
    now = frame[frame["period"] == period]
    by_code: dict[str, dict[str, Any]] = {
        str(r.municipality): {"value": float(r.value), "suppressed": False}
        for r in now.itertuples()
    }
    for c in hidden.get(period, set()):
        by_code[c] = {"value": None, "suppressed": True}
    group, reason = peers(snap, code, domain, kind, k)
    fit = model(actor, snap, kpi, period)
    mine = by_code.get(code)
    result: Standing | None = None
    if mine is not None and not mine["suppressed"]:
        result = standing(
            frame, kpi.id, kpi.direction, code, group, period, fit.row(code) if fit else None
        )
    ref = reference()
    return {
        "municipality": {"id": code, "title": ref.municipality(code).name},
        "kpi": {
            **kpi_summary(kpi, lang),
            "direction_text": translate(f"direction_{kpi.direction}", lang),
        },
        "kpis": [
            {
                "id": c.id,
                "title": c.title.get(lang),
                "domain_title": translate(f"domain_{c.domain}", lang),
            }
            for c in choices
        ],
        "periods": periods,
        "period": period,
        "group_kind": kind,
        "group_kinds": [{"id": g, "title": translate(f"bm_kind_{g}", lang)} for g in GROUP_KINDS],
        "k": k,
        "value": mine["value"] if mine else None,
        "value_text": fmt(mine["value"] if mine else None, lang),
        "suppressed": bool(mine and mine["suppressed"]),
        "peer_group": group_data(group, reason, lang, by_code),
        "standing": _standing(result, lang) if result else None,
        "expected_vs_actual": _expected(fit, by_code, code, kpi, lang),
        "method": method_section(kpi_note(actor, snap, kpi), domain, lang),
        "links": {
            "kpi_page": f"/noegletal/{kpi.id}?kommune={code}&periode={period}",
            "profile": f"/kommune/{code}",
            "json": f"/api/v1/benchmark/{code}?kpi={kpi.id}&period={period}&group={kind}",
        },
    }


def _standing(s: Standing, lang: Lang) -> dict[str, Any]:
    data = s.as_dict(lang)
    del data["peer_group"]  # the page's peer_group says it, with the members' values
    verdict = s.verdict
    data["verdict_text"] = (
        translate(f"bm_verdict_{s.verdict_basis}_{verdict}", lang) if verdict else ""
    )
    for key in ("value", "peer_value_weighted", "peer_value_unweighted", "difference"):
        data[f"{key}_text"] = fmt(data[key], lang, 2)
    data["z_text"] = fmt(data["z"], lang, 2)
    if s.trend:
        data["trend"]["text"] = fmt(s.trend.slope, lang, 3)
        data["trend"]["interval_text"] = (
            f"{fmt(s.trend.lower, lang, 3)} … {fmt(s.trend.upper, lang, 3)}"
        )
    if s.expected:
        e = data["expected"]
        e["expected_text"] = fmt(e["expected"], lang, 2)
        e["interval_text"] = f"{fmt(e['lower'], lang, 2)} … {fmt(e['upper'], lang, 2)}"
        e["residual_text"] = fmt(e["residual"], lang, 2)
    data["percentile_text"] = fmt(s.percentile, lang, 0)
    return data


def _expected(
    fit: ModelFit | None, by_code: dict[str, dict[str, Any]], code: str, kpi: KPI, lang: Lang
) -> dict[str, Any]:
    names = {m.code: m.name for m in reference().municipalities}
    rows: list[dict[str, Any]] = []
    for r in fit.rows if fit else ():
        rows.append(
            {
                **r.as_dict(),
                "name": names.get(r.municipality, r.municipality),
                "chosen": r.municipality == code,
                "suppressed": False,
                "url": f"/kommune/{r.municipality}/sammenligning?noegletal={kpi.id}"
                f"&periode={fit.period if fit else ''}&lang={lang}",
                "actual_text": fmt(r.actual, lang, 2),
                "expected_text": fmt(r.expected, lang, 2),
                "interval_text": f"{fmt(r.lower, lang, 2)} … {fmt(r.upper, lang, 2)}",
                "residual_text": fmt(r.residual, lang, 2),
                "flag_text": translate(f"bm_flag_{r.flag or 'within'}", lang),
            }
        )
    rows.sort(key=lambda r: -abs(r["residual"]))
    # Suppressed municipalities: listed, marked, with no value, no expectation and no residual.
    for c in sorted((c for c, v in by_code.items() if v["suppressed"]), key=int):
        rows.append(
            {
                "municipality": c,
                "name": names.get(c, c),
                "chosen": c == code,
                "suppressed": True,
                "actual": None,
                "expected": None,
                "lower": None,
                "upper": None,
                "residual": None,
                "flag": None,
            }
        )
    plotted = [r for r in rows if not r["suppressed"]]
    return {
        "model": fit.summary() if fit else None,
        "r2_text": fmt(fit.r2, lang, 2) if fit else None,
        "indicators": [
            {"id": i, "title": INDICATORS[i].da if lang == "da" else INDICATORS[i].en}
            for i in (fit.indicators if fit else ())
        ],
        "rows": rows,
        "flagged": sum(1 for r in plotted if r["flag"]),
        "suppressed": sum(1 for r in rows if r["suppressed"]),
        "chart": scatter_chart(kpi, plotted, lang) if plotted else None,
    }
