"""Charts as Vega-Lite specs built with Altair. The browser renders them with the bundle that
vl-convert ships (served locally); the same specs render to PNG/SVG for reports."""

from __future__ import annotations

from typing import Any

import altair as alt

from faelled.reference import reference
from faelled.web.i18n import Lang, translate

BOUNDARIES_URL = "/api/v1/boundaries"


def municipality_map(colour_by: str, lang: Lang, width: int = 560) -> dict[str, Any]:
    """A map of the 98 municipalities, coloured by region or kommunegruppe; a click opens the
    municipality's page. Boundaries come from one cached URL, attributes are joined on code."""
    ref = reference()
    regions_en = {r.code: r.name_en for r in ref.regions}
    groups_en = {g.code: g.name_en for g in ref.kommunegrupper}
    rows = [
        {
            "code": m.code,
            "name": m.name,
            "region": m.region_name if lang == "da" else regions_en[m.region_code],
            "kommunegruppe": m.kommunegruppe_name
            if lang == "da"
            else groups_en[m.kommunegruppe_code],
            "url": f"/kommune/{m.code}?lang={lang}",
        }
        for m in ref.municipalities
    ]
    field = "region" if colour_by == "region" else "kommunegruppe"
    chart = (
        alt.Chart(alt.Data(url=BOUNDARIES_URL, format=alt.DataFormat(property="features")))
        .mark_geoshape(stroke="white", strokeWidth=0.5)
        .transform_lookup(
            lookup="properties.code",
            from_=alt.LookupData(
                data=alt.Data(values=rows),
                key="code",
                fields=["name", "region", "kommunegruppe", "url"],
            ),
        )
        .encode(
            color=alt.Color(
                f"{field}:N",
                title=translate(field, lang),
                legend=alt.Legend(orient="bottom", columns=2),
                scale=alt.Scale(scheme="tableau10"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=translate("municipality", lang)),
                alt.Tooltip("properties.code:N", title=translate("code", lang)),
                alt.Tooltip(f"{field}:N", title=translate(field, lang)),
            ],
            href="url:N",
        )
        .project(type="mercator")
        .properties(width="container", height=int(width * 0.8))
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)  # validated in tests
    spec["description"] = translate("map_alt", lang)
    return spec
