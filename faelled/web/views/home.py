"""The home page: a map of the 98 municipalities coloured by region, kommunegruppe or a key
figure, and the municipality picker."""

from __future__ import annotations

import re
from typing import Any

from faelled.access import Actor
from faelled.web.charts import municipality_map
from faelled.web.charts_kpi import kpi_map
from faelled.web.i18n import Lang
from faelled.web.serving import get_readable, readable_kpis
from faelled.web.store import Snapshot
from faelled.web.views.figures import kpi_summary, latest_period, totals
from faelled.web.views.reference import municipalities_data

# "region", "kommunegruppe" or "kpi:<id>": one select box picks any of them.
COLOUR_BY = r"^(region|kommunegruppe|kpi:[a-z][a-z0-9_]*)$"


def kpi_options(actor: Actor, snap: Snapshot, lang: Lang) -> list[dict[str, Any]]:
    """The key figures the actor may read that have values, for the colour-by select box."""
    return [
        {"value": f"kpi:{k.id}", **kpi_summary(k, lang)}
        for k in readable_kpis(actor, snap).values()
        if snap.has_values(k.id)
    ]


def home_data(colour_by: str, lang: Lang, actor: Actor, snap: Snapshot) -> dict[str, Any]:
    if not re.match(COLOUR_BY, colour_by):
        raise ValueError(colour_by)  # the routes validate the pattern first
    data: dict[str, Any] = {
        "colour_by": colour_by,
        "kpi": None,
        "period": None,
        "kpi_options": kpi_options(actor, snap, lang),
        "municipalities": municipalities_data()["values"],
    }
    if colour_by.startswith("kpi:"):
        kpi = get_readable(actor, snap, colour_by.removeprefix("kpi:"))
        period = latest_period(snap, kpi)
        rows = totals(actor, snap, kpi, period) if period is not None else []
        data["kpi"] = kpi_summary(kpi, lang)
        data["period"] = period
        data["suppressed"] = sorted(r["area"] for r in rows if r["suppressed"])
        data["map"] = kpi_map(kpi, rows, lang, period)
    else:
        data["map"] = municipality_map(colour_by, lang)
    return data
