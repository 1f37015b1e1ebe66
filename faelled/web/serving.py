"""Serving key figures: the one path every served value takes — policy, then suppression.

Pages, the open API, the downloads and the Kolada mount all read key figures through
`select_values` (which rows exist and may be read) and `disclose` (what of each row may be shown).
The policy is `faelled.access`: the public reads only KPIs marked published (resource
"kpi:published"); a draft KPI's figures for municipality m are read only by those the policy lets
read "kpi:<m>:<domain>".

Suppression is `faelled.privacy.disclosure` (DESIGN decision 8), shared with the command line:
one decision per KPI and period over every area and breakdown, so that no suppressed value can be
recomputed from the margins, the aggregates or any combination of responses; every response is
served from that one decision, cached per generation and precomputed after each compute run
(`faelled.privacy.decisions`). A suppressed row keeps its keys, its value fields become null and
it carries `suppressed: true`, in every format."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Literal

from faelled.access import Actor, Forbidden, check, is_allowed
from faelled.catalog.kpis import KPI
from faelled.errors import InputError, NotFound
from faelled.privacy.disclosure import (
    TOTAL,
    VALUE_FIELDS,
    KpiRows,
    disclose,
    is_primary,
    suppressed_cells,
)
from faelled.reference import reference
from faelled.web.formats import Col, Table
from faelled.web.i18n import Lang
from faelled.web.store import Row, Snapshot

AreaType = Literal["municipality", "region", "kommunegruppe", "country"]
AREA_TYPES: tuple[AreaType, ...] = ("municipality", "region", "kommunegruppe", "country")
COUNTRY = "000"


# ---- policy -----------------------------------------------------------------------------------


def may_read(actor: Actor, kpi: KPI, area_type: str, area: str) -> bool:
    """May the actor read this KPI's figure for this area? (Before suppression.)"""
    if kpi.status == "published" and is_allowed(actor, "read", "kpi:published"):
        return True
    # A draft is its municipality's own business: only its figures, to those allowed them.
    # Aggregates of drafts mix other municipalities' unpublished figures and are not served.
    return area_type == "municipality" and is_allowed(actor, "read", f"kpi:{area}:{kpi.domain}")


def visible(actor: Actor, kpi: KPI) -> bool:
    """May the actor see that this KPI exists (its definition, in lists and search)?"""
    if kpi.status == "published" and is_allowed(actor, "read", "kpi:published"):
        return True
    own = actor.municipality
    return own is not None and is_allowed(actor, "read", f"kpi:{own}:{kpi.domain}")


def readable_kpis(actor: Actor, snap: Snapshot) -> dict[str, KPI]:
    return {k: kpi for k, kpi in sorted(snap.kpis.items()) if visible(actor, kpi)}


def get_readable(actor: Actor, snap: Snapshot, kpi_id: str) -> KPI:
    """The KPI, or NotFound (unknown) / Forbidden (exists, but not for this actor)."""
    kpi = snap.kpis.get(kpi_id)
    if kpi is None:
        import difflib

        close = difflib.get_close_matches(kpi_id, list(readable_kpis(actor, snap)), n=3)
        raise NotFound(
            f"Ukendt nøgletal / unknown KPI: {kpi_id!r}.",
            hint=("Mente du: " + ", ".join(close)) if close else "Se /api/v1/kpis.",
        )
    if not visible(actor, kpi):
        check(actor, "read", "kpi:published")  # raises for an actor who may read none
        raise Forbidden(
            f"Nøgletallet {kpi_id!r} er ikke offentliggjort / is not published.",
            hint="Kun offentliggjorte nøgletal vises uden login.",
        )
    return kpi


# ---- suppression ------------------------------------------------------------------------------
# The decisions live in faelled.privacy.disclosure (the command line shares them); a Snapshot is
# a disclosure `Source`: its `suppressed` cache is filled by precomputed decisions when they match.


def snapshot_of(kpi: KPI, rows: Iterable[Row]) -> KpiRows:
    """A one-KPI source of raw rows (every area and breakdown), for callers outside the server."""
    return KpiRows(kpi.id, list(rows))


# ---- selecting values -------------------------------------------------------------------------


@dataclass(frozen=True)
class ValuesQuery:
    """KPI values by KPI × area × period; None means all."""

    kpis: list[str] | None = None
    areas: list[str] | None = None
    periods: list[str] | None = None  # period labels: "2024", or a school year "2023/24"
    area_type: AreaType = "municipality"
    breakdown: str | None = None  # None: every breakdown; "total" or e.g. "sex=K"
    from_date: datetime | None = None  # the change feed: values updated at or after this


def _area_sort(key: tuple[str, str]) -> tuple[int, int, str]:
    atype, area = key
    return (AREA_TYPES.index(atype) if atype in AREA_TYPES else 9, len(area), area)


def select_values(actor: Actor, snap: Snapshot, q: ValuesQuery) -> list[tuple[KPI, Row]]:
    """The raw rows the query asks for that the actor may read, ordered by KPI, area, period
    and breakdown (by update time first for the change feed). Unknown KPIs are an error;
    KPIs the actor may not read are left out when not named, and forbidden when named."""
    if q.kpis is not None:
        kpis = [get_readable(actor, snap, k) for k in q.kpis]
    else:
        kpis = list(readable_kpis(actor, snap).values())
    periods = set(q.periods) if q.periods is not None else None
    breakdown = None if q.breakdown is None else ("" if q.breakdown == TOTAL else q.breakdown)
    out: list[tuple[KPI, Row]] = []
    for kpi in kpis:
        by_area = snap.index.get(kpi.id, {})
        keys: list[tuple[str, str]]
        if q.areas is not None:
            keys = [(q.area_type, a) for a in q.areas]
        else:
            keys = sorted((k for k in by_area if k[0] == q.area_type), key=_area_sort)
        for key in keys:
            if not may_read(actor, kpi, *key):
                continue
            for r in by_area.get(key, ()):
                if periods is not None and r["period"] not in periods:
                    continue
                if breakdown is not None and r["breakdown"] != breakdown:
                    continue
                if q.from_date is not None and (
                    r["updated_at"] is None or r["updated_at"] < q.from_date
                ):
                    continue
                out.append((kpi, r))
    if q.from_date is not None:
        out.sort(key=lambda kr: kr[1]["updated_at"])  # stable: keeps the key order within
    return out


def disclose_pairs(actor: Actor, snap: Snapshot, pairs: list[tuple[KPI, Row]]) -> list[Row]:
    """`disclose` over (KPI, row) pairs, keeping their order."""
    return [disclose(actor, snap, kpi, [row])[0] for kpi, row in pairs]


# ---- names ------------------------------------------------------------------------------------


@cache
def _area_names(lang: Lang) -> dict[tuple[str, str], str]:
    ref = reference()
    country = "Hele landet" if lang == "da" else "All Denmark"
    names: dict[tuple[str, str], str] = {("country", COUNTRY): country}
    for m in ref.municipalities:
        names[("municipality", m.code)] = m.name
    for r in ref.regions:
        names[("region", r.code)] = r.name if lang == "da" else r.name_en
    for g in ref.kommunegrupper:
        names[("kommunegruppe", g.code)] = g.name if lang == "da" else g.name_en
    return names


def area_name(area_type: str, area: str, lang: Lang = "da") -> str:
    return _area_names(lang).get((area_type, area), area)


def parse_areas(text: str, area_type: AreaType) -> list[str]:
    """Comma-separated area codes; municipalities also by name or 4-digit code."""
    from faelled.reference import resolve

    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if area_type == "municipality":
            out.append(resolve(part))
        elif area_type == "country":
            out.append(COUNTRY)
        else:
            known = {a for (t, a) in _area_names("da") if t == area_type}
            dst = {r.dst_code: r.code for r in reference().regions}  # "84" → "1084"
            code = dst.get(part, part) if area_type == "region" else part
            if code not in known:
                raise NotFound(
                    f"Ukendt {area_type}: {part!r}.",
                    hint="Gyldige koder / valid codes: " + ", ".join(sorted(known)),
                )
            out.append(code)
    return out


def parse_periods(text: str) -> list[str]:
    """Comma-separated period labels: years ("2023") or school years ("2023/24")."""
    out = [p.strip() for p in text.split(",") if p.strip()]
    bad = [p for p in out if not re.fullmatch(r"\d{4}(/\d{2})?", p)]
    if bad:
        raise InputError(
            f"Ugyldig periode / invalid period: {', '.join(bad)!r}.",
            hint="Skriv perioder adskilt af komma, fx 2022,2023 eller 2023/24.",
        )
    return out


def parse_list(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [p.strip() for p in text.split(",") if p.strip()]


# ---- the served table -------------------------------------------------------------------------

COLUMNS = [
    Col("kpi", label="Nøgletal"),
    Col("area_type", label="Områdetype"),
    Col("area", label="Område"),
    Col("area_name", label="Områdenavn"),
    Col("period", label="Periode"),
    Col("breakdown", label="Opdeling"),
    Col("value", "number", label="Værdi"),
    Col("value_unweighted", "number", label="Uvejet gennemsnit"),
    Col("members", "integer", label="Kommuner"),
    Col("numerator", "number", label="Tæller"),
    Col("denominator", "number", label="Nævner"),
    Col("n", "integer", label="n"),
    Col("suppressed", "boolean", label="Diskretioneret"),
    Col("updated_at", "datetime", label="Opdateret"),
]
COLUMN_NAMES = [c.name for c in COLUMNS]


def public_row(row: Row, lang: Lang) -> dict[str, Any]:
    out = {c: row.get(c) for c in COLUMN_NAMES}
    out["area_name"] = area_name(row["area_type"], row["area"], lang)
    return out


def values_table(
    rows: list[dict[str, Any]], kpis: dict[str, KPI], lang: Lang, title: str = ""
) -> Table:
    """Disclosed public rows as one `Table`, for every download format."""
    used = {r["kpi"] for r in rows}
    return Table(
        name="kpi_values",
        title=title or ", ".join(kpis[k].title.get(lang) for k in sorted(used) if k in kpis),
        source="Fælled",
        columns=COLUMNS,
        rows=rows,
        dimensions=["kpi", "area", "period", "breakdown"],
        value="value",
        labels={
            "kpi": {k: kpis[k].title.get(lang) for k in used if k in kpis},
            "area": {r["area"]: r["area_name"] for r in rows},
        },
    )


__all__ = [
    "AREA_TYPES",
    "TOTAL",
    "VALUE_FIELDS",
    "AreaType",
    "ValuesQuery",
    "area_name",
    "disclose",
    "disclose_pairs",
    "get_readable",
    "is_primary",
    "may_read",
    "public_row",
    "readable_kpis",
    "select_values",
    "snapshot_of",
    "suppressed_cells",
    "values_table",
    "visible",
]
