"""Building blocks the key-figure views share: a KPI's served totals for one period or one area,
direction-aware ranks and verdicts, and numbers written the Danish way. Everything here reads
through `faelled.web.serving`, so policy and suppression apply."""

from __future__ import annotations

from typing import Any, Literal

from faelled.access import Actor
from faelled.catalog.kpis import KPI, Direction
from faelled.web.i18n import Lang, translate
from faelled.web.serving import AreaType, ValuesQuery, disclose_pairs, select_values
from faelled.web.store import Row, Snapshot

Verdict = Literal["better", "worse", "same"]


def latest_period(snap: Snapshot, kpi: KPI) -> str | None:
    periods = snap.periods.get(kpi.id)
    return periods[-1] if periods else None


def totals(
    actor: Actor, snap: Snapshot, kpi: KPI, period: str, area_type: AreaType = "municipality"
) -> list[Row]:
    """Every area's whole-area figure for one period, disclosed."""
    q = ValuesQuery(kpis=[kpi.id], periods=[period], area_type=area_type, breakdown="total")
    return disclose_pairs(actor, snap, select_values(actor, snap, q))


def series(actor: Actor, snap: Snapshot, kpi: KPI, area_type: AreaType, area: str) -> list[Row]:
    """One area's whole-area figure over the periods, disclosed."""
    q = ValuesQuery(kpis=[kpi.id], areas=[area], area_type=area_type, breakdown="total")
    return disclose_pairs(actor, snap, select_values(actor, snap, q))


def ranks(kpi: KPI, rows: list[Row]) -> dict[str, int]:
    """Area → rank among the rows with a served value; 1 is the best (the highest for a neutral
    KPI). Suppressed areas have no rank. Ties share the better rank."""
    valued = [(r["area"], r["value"]) for r in rows if r.get("value") is not None]
    lower_first = kpi.direction == Direction.lower_is_better
    valued.sort(key=lambda av: av[1] if lower_first else -av[1])
    out: dict[str, int] = {}
    previous: float | None = None
    rank = 0
    for i, (area, value) in enumerate(valued, start=1):
        if value != previous:
            rank, previous = i, value
        out[area] = rank
    return out


def verdict(kpi: KPI, value: float | None, against: float | None) -> Verdict | None:
    """Better or worse than `against`, by the KPI's direction; None for a neutral KPI or a
    missing value."""
    if value is None or against is None or kpi.direction == Direction.neutral:
        return None
    if abs(value - against) <= 1e-9 * max(1.0, abs(against)):
        return "same"
    higher = value > against
    return "better" if higher == (kpi.direction == Direction.higher_is_better) else "worse"


def unit_label(kpi: KPI, lang: Lang) -> str:
    return translate(f"unit_{kpi.unit}", lang)


def fmt(value: float | None, lang: Lang, decimals: int = 1) -> str:
    """A number as people read it: Danish `12.345,6`, English `12,345.6`; "–" for none."""
    if value is None:
        return "–"
    digits = 0 if float(value).is_integer() and abs(value) >= 100 else decimals
    text = f"{value:,.{digits}f}"
    return (
        text.replace(",", "\x00").replace(".", ",").replace("\x00", ".") if lang == "da" else text
    )


def kpi_summary(kpi: KPI, lang: Lang) -> dict[str, Any]:
    return {
        **kpi.summary(lang),
        "unit_label": unit_label(kpi, lang),
        "domain_title": translate(f"domain_{kpi.domain}", lang),
        "url": f"/noegletal/{kpi.id}",
    }
