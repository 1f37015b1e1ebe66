"""Gaps in the deliveries: per dataset, the municipalities missing a year (or school year) the
commons has from others. A key figure has no value where its data were not delivered — none
sent, or refused, and a refused delivery leaves no trace in the warehouse — so this is where an
analyst sees why a figure is blank, and which file to send again.

Read from the ledger of accepted loads (`loads.partitions`, the partitions each load replaced):
no dataset table is scanned. Datasets partitioned by municipality and a year or school-year
column only; a municipality counts as part of the commons once it has delivered anything."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from faelled.catalog.contracts import Contract, load_contracts
from faelled.engine import Database
from faelled.reference.collation import danish_key
from faelled.settings import Settings
from faelled.web.i18n import Lang
from faelled.web.serving import area_name

SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def _period_column(contract: Contract) -> str | None:
    """The partition's other column, when a delivery is one municipality's year (its values
    are read as years or school years; others are skipped)."""
    cols = contract.partition.columns
    if len(cols) != 2 or "municipality" not in cols:
        return None
    return next(c for c in cols if c != "municipality")


def _year(value: Any) -> int | None:
    """A period value as its starting year: 2023, "2023" or "2023/24"; else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value)
    if text.isdigit():
        return int(text)
    m = SCHOOL_YEAR.match(text)
    return int(m.group(1)) if m else None


def _label(year: int, school_year: bool) -> str:
    return f"{year}/{(year + 1) % 100:02d}" if school_year else str(year)


def delivery_gaps(db: Database, settings: Settings, lang: Lang) -> list[dict[str, Any]]:
    """One row per dataset × municipality with missing periods, datasets in name order and
    municipalities in Danish order."""
    if not db.has_table("loads"):
        return []
    t = db.table("loads")
    if not {"dataset", "partitions", "status"} <= set(t.columns):
        return []
    contracts = load_contracts(settings)
    delivered: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    school: set[str] = set()  # datasets whose periods are written as school years
    members: set[str] = set()
    rows = t.filter(t.status == "accepted").select("dataset", "partitions").to_pyarrow()
    for r in rows.to_pylist():
        contract = contracts.get(r["dataset"])
        column = _period_column(contract) if contract else None
        try:
            parts = json.loads(r["partitions"] or "[]")
        except ValueError:
            continue
        for p in parts if isinstance(parts, list) else []:
            code = p.get("municipality") if isinstance(p, dict) else None
            if code is None:
                continue
            members.add(str(code))
            value = p.get(column) if column else None
            year = _year(value)
            if year is not None:
                delivered[r["dataset"]][str(code)].add(year)
                if isinstance(value, str) and "/" in value:
                    school.add(r["dataset"])
    order = sorted(members, key=lambda c: danish_key(area_name("municipality", c, lang)))
    out = []
    for name in sorted(delivered):
        contract = contracts[name]
        by_muni = delivered[name]
        years = set().union(*by_muni.values())
        span = range(min(years), max(years) + 1)
        for code in order:
            missing = [y for y in span if y not in by_muni.get(code, set())]
            if not missing:
                continue
            out.append(
                {
                    "dataset": name,
                    "dataset_title": contract.title.get(lang),
                    "municipality": code,
                    "municipality_name": area_name("municipality", code, lang),
                    "missing": [_label(y, name in school) for y in missing],
                    "none": code not in by_muni,
                }
            )
    return out
