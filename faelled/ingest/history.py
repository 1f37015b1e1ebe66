"""What the web pages and `faelled loads` / `faelled quarantine` read: the loads (lineage), one
load's report, quarantine counts and rows, quality per dataset × municipality. Read-only."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import ibis

from faelled.engine.database import Database
from faelled.errors import NotFound
from faelled.ingest import store
from faelled.validate.report import Report

LOAD_FIELDS = (
    "load_id",
    "dataset",
    "municipality",
    "status",
    "file_name",
    "sha256",
    "rows_read",
    "rows_accepted",
    "rows_quarantined",
    "rows_replaced",
    "actor",
    "started_at",
    "finished_at",
    "message",
)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row.get(k) for k in LOAD_FIELDS}
    for k in ("started_at", "finished_at"):
        value = out[k]
        if value is not None:
            out[k] = value.isoformat()
    return out


def list_loads(
    db: Database, *, dataset: str | None = None, municipality: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """The latest loads first, each with `rows_current`: how many of its rows are still in the
    dataset table (0 once a later delivery has replaced its partition)."""
    if not db.has_table(store.LOADS):
        return []
    t = db.table(store.LOADS)
    if dataset:
        t = t.filter(t.dataset == dataset)
    if municipality:
        t = t.filter(t.municipality.contains(municipality))
    rows = (
        t.order_by(ibis.desc("finished_at"))
        .limit(limit)
        .select(*LOAD_FIELDS)
        .to_pyarrow()
        .to_pylist()
    )
    current: dict[str, int] = {}
    for name in {r["dataset"] for r in rows}:
        if db.has_table(name):
            ds = db.table(name)
            ids = [r["load_id"] for r in rows if r["dataset"] == name]
            counts = (
                ds.filter(ds[store.LOAD_ID].isin(ids))
                .group_by(store.LOAD_ID)
                .aggregate(n=ibis._.count())
                .to_pyarrow()
                .to_pylist()
            )
            current.update({c[store.LOAD_ID]: int(c["n"]) for c in counts})
    return [{**_public(r), "rows_current": current.get(r["load_id"], 0)} for r in rows]


def get_load(db: Database, load_id: str) -> dict[str, Any]:
    if not db.has_table(store.LOADS):
        raise NotFound(f"Ukendt indlæsning / unknown load: {load_id!r}.")
    t = db.table(store.LOADS)
    rows = t.filter(t.load_id == load_id).to_pyarrow().to_pylist()
    if not rows:
        raise NotFound(
            f"Ukendt indlæsning / unknown load: {load_id!r}.", hint="Se 'faelled loads'."
        )
    row = rows[0]
    return {
        **_public(row),
        "partitions": json.loads(row["partitions"] or "[]"),
        "format": row["format"],
        "size_bytes": row["size_bytes"],
        "contract_version": row["contract_version"],
        "mode": row["mode"],
    }


def load_report(db: Database, load_id: str) -> Report:
    get_load(db, load_id)  # a clear NotFound first
    t = db.table(store.LOADS)
    text = t.filter(t.load_id == load_id).select("report").to_pyarrow().column(0)[0].as_py()
    return Report.from_json(text)


def quarantine_counts(
    db: Database, *, dataset: str | None = None, load_id: str | None = None
) -> list[dict[str, Any]]:
    """Quarantined rows per dataset, load and rule (a row failing two rules counts for each)."""
    if not db.has_table(store.QUARANTINE):
        return []
    t = db.table(store.QUARANTINE)
    if dataset:
        t = t.filter(t.dataset == dataset)
    if load_id:
        t = t.filter(t.load_id == load_id)
    per = t.group_by("dataset", "load_id", "reasons").aggregate(n=ibis._.count()).to_pyarrow()
    counts: Counter[tuple[str, str, str]] = Counter()
    for r in per.to_pylist():
        for rule in (r["reasons"] or "").split(", "):
            counts[(r["dataset"], r["load_id"], rule)] += int(r["n"])
    return [
        {"dataset": d, "load_id": lid, "rule": rule, "rows": n}
        for (d, lid, rule), n in sorted(counts.items())
    ]


def quarantine_rows(db: Database, load_id: str, *, limit: int = 100) -> list[dict[str, Any]]:
    if not db.has_table(store.QUARANTINE):
        return []
    t = db.table(store.QUARANTINE)
    rows = (
        t.filter(t.load_id == load_id)
        .order_by("row_number")
        .limit(limit)
        .select("row_number", "reasons", "record")
        .to_pyarrow()
        .to_pylist()
    )
    return [
        {"row": r["row_number"], "reasons": r["reasons"].split(", "), **json.loads(r["record"])}
        for r in rows
    ]


def quality(
    db: Database, *, dataset: str | None = None, municipality: str | None = None
) -> list[dict[str, Any]]:
    """The quality of each dataset × municipality as of its latest load."""
    if not db.has_table(store.QUALITY):
        return []
    t = db.table(store.QUALITY)
    if dataset:
        t = t.filter(t.dataset == dataset)
    if municipality:
        t = t.filter(t.municipality == municipality)
    latest = t.mutate(
        _rank=ibis.row_number().over(
            group_by=["dataset", "municipality"], order_by=ibis.desc("computed_at")
        )
    ).filter(lambda x: x._rank == 0)
    rows: list[dict[str, Any]] = (
        latest.drop("_rank").order_by("dataset", "municipality").to_pyarrow().to_pylist()
    )
    for r in rows:
        r["computed_at"] = r["computed_at"].isoformat()
    return rows
