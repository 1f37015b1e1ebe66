"""Reference data views: the municipalities, regions and kommunegrupper."""

from __future__ import annotations

from typing import Any

from faelled.reference import reference
from faelled.web.i18n import Lang


def municipality_public(code: str) -> dict[str, Any]:
    m = reference().municipality(code)
    return {
        "id": m.code,
        "code4": m.code4,
        "title": m.name,
        "type": "K",
        "region": {"id": m.region_code, "title": m.region_name},
        "landsdel": {"id": m.landsdel_code, "title": m.landsdel_name},
        "kommunegruppe": {"id": m.kommunegruppe_code, "title": m.kommunegruppe_name},
        "centre": {"lon": m.lon, "lat": m.lat},
    }


def municipalities_data() -> dict[str, Any]:
    """The 98 municipalities, in Kolada's list shape: {"values": [...], "count": N}."""
    values = [municipality_public(m.code) for m in reference().municipalities]
    return {"values": values, "count": len(values)}


def regions_data(lang: Lang = "da") -> dict[str, Any]:
    ref = reference()
    values = [
        {
            "id": r.code,
            "dst_code": r.dst_code,
            "title": r.name if lang == "da" else r.name_en,
            "nuts2": r.nuts2,
            "members": [m.code for m in ref.municipalities if m.region_code == r.code],
        }
        for r in ref.regions
    ]
    return {"values": values, "count": len(values)}


def groups_data(lang: Lang = "da") -> dict[str, Any]:
    ref = reference()
    values = [
        {
            "id": g.code,
            "title": g.name if lang == "da" else g.name_en,
            "members": [m.code for m in ref.municipalities if m.kommunegruppe_code == g.code],
        }
        for g in ref.kommunegrupper
    ]
    return {"values": values, "count": len(values)}
