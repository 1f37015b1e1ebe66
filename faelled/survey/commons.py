"""Data as a commons: what each organisational unit contributes to the shared data's quality,
shown beside its survey results.

A unit names the datasets it owns (`datasets:` in the initiative file). Their quality comes from
the load scores the ingest area writes to `quality_scores` (dataset, municipality, load_id,
completeness, validity, uniqueness, timeliness, score); a unit's contribution is the latest load of
each of its datasets for the initiative's municipality. Until that table exists — or when it lacks
those columns — every unit shows "no data yet" rather than an error.
"""

from __future__ import annotations

from typing import Any

from faelled.engine.database import Database
from faelled.survey.model import Initiative

QUALITY_TABLE = "quality_scores"
MEASURES = ("completeness", "validity", "uniqueness", "timeliness", "score")
COLUMNS = ("dataset", "municipality", "load_id", *MEASURES)


def _latest_loads(
    db: Database, datasets: list[str], municipality: str
) -> dict[str, dict[str, Any]]:
    t = db.table(QUALITY_TABLE)
    mine = t.filter(t.dataset.isin(datasets) & (t.municipality.cast("string") == municipality))
    # "Latest" is the highest load_id: load ids grow with each load in the ingest area's ledger.
    latest = mine.group_by("dataset").aggregate(last=mine.load_id.max())
    rows = (
        mine.join(latest, (mine.dataset == latest.dataset) & (mine.load_id == latest["last"]))
        .select(mine.dataset, mine.load_id, *[mine[m] for m in MEASURES])
        .to_pyarrow()
        .to_pylist()
    )
    return {r["dataset"]: r for r in rows}


def quality_by_unit(db: Database, ini: Initiative) -> dict[str, Any]:
    wanted = sorted({d for u in ini.units for d in u.datasets})
    available = (
        bool(wanted)
        and ini.municipality is not None
        and db.has_table(QUALITY_TABLE)
        and set(COLUMNS) <= set(db.table(QUALITY_TABLE).columns)
    )
    loads = _latest_loads(db, wanted, ini.municipality or "") if available else {}
    units = []
    for u in ini.units:
        if not u.datasets:
            continue
        rows: list[dict[str, Any]] = []
        scores: list[float] = []
        for d in u.datasets:
            load = loads.get(d)
            rows.append(
                {
                    "dataset": d,
                    "load_id": None if load is None else str(load["load_id"]),
                    **{
                        m: None if load is None or load[m] is None else round(float(load[m]), 3)
                        for m in MEASURES
                    },
                }
            )
            if rows[-1]["score"] is not None:
                scores.append(rows[-1]["score"])
        units.append(
            {
                "unit": u.id,
                "name": u.name,
                "datasets": rows,
                "score": round(sum(scores) / len(scores), 3) if scores else None,
            }
        )
    return {"available": available and bool(loads), "units": units}
