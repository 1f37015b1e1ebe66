"""The searchable catalogue of key figures: Fælled's own definitions plus metadata imported from
other catalogues (e.g. Kolada's 6,099 definitions), searched by title, domain and area.

FLIS offers over 1,200 key figures and Kolada over 6,000: an analyst must find one by typing a
few words. The index folds case and Danish/Swedish letters and matches every word as a prefix."""

from __future__ import annotations

import csv
import gzip
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from faelled.catalog.kpis import KPI
from faelled.engine.database import Database
from faelled.engine.migrations import Migration
from faelled.errors import InputError

EXTERNAL_TABLE = "kpi_catalogue"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    description: str
    domain: str  # Fælled domain, or the source's operating area
    source: str  # "faelled" or the catalogue it came from ("kolada")
    computable: bool  # Fælled computes it (a definition exists)
    unit: str = ""
    publication_date: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def fold(text: str) -> str:
    s = unicodedata.normalize("NFKD", text.lower())
    s = s.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", fold(text)) if w]


class Catalogue:
    """An in-memory inverted index over entry titles (and ids)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: dict[str, Entry] = {}
        self._index: dict[str, set[str]] = defaultdict(set)
        # Computable first, then by title; the id breaks ties, so equal titles (Kolada has
        # them) come in the same order on every run rather than in set order.
        self._order: dict[str, tuple[bool, str, str]] = {}
        for e in entries:
            self.entries[e.id] = e
            self._order[e.id] = (not e.computable, fold(e.title), e.id)
            for w in {*_words(e.title), fold(e.id)}:
                self._index[w].add(e.id)
        self._vocabulary = sorted(self._index)

    def __len__(self) -> int:
        return len(self.entries)

    def _prefix(self, word: str) -> set[str]:
        import bisect

        out: set[str] = set()
        i = bisect.bisect_left(self._vocabulary, word)
        while i < len(self._vocabulary) and self._vocabulary[i].startswith(word):
            out |= self._index[self._vocabulary[i]]
            i += 1
        return out

    def search(self, query: str = "", *, domain: str | None = None, limit: int = 50) -> list[Entry]:
        """Entries whose title has every query word as a word prefix; Fælled's computable
        key figures first, then by title."""
        words = _words(query)
        ids: set[str] | None = None
        for w in words:
            hits = self._prefix(w)
            ids = hits if ids is None else ids & hits
            if not ids:
                return []
        found = [self.entries[i] for i in ids] if ids is not None else list(self.entries.values())
        if domain:
            d = fold(domain)
            found = [e for e in found if fold(e.domain) == d]
        found.sort(key=lambda e: self._order[e.id])
        return found[:limit]


def faelled_entries(kpis: Iterable[KPI], lang: str = "da") -> list[Entry]:
    return [
        Entry(
            id=k.id,
            title=k.title.get(lang),
            description=k.description.get(lang),
            domain=str(k.domain),
            source="faelled",
            computable=True,
            unit=str(k.unit),
            publication_date=k.publication_date.isoformat() if k.publication_date else "",
        )
        for k in kpis
    ]


def read_kolada_metadata(path: Path) -> list[Entry]:
    """Kolada's KPI metadata (`/v3/kpi` as CSV: id, title, description, operating_area, …)."""
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"id", "title"} - set(reader.fieldnames or [])
            if missing:
                raise InputError(
                    f"{path}: kolonnerne {sorted(missing)} mangler / columns missing.",
                    hint="Filen skal være Koladas KPI-metadata med mindst id og title.",
                )
            return [
                Entry(
                    id=row["id"],
                    title=row["title"],
                    description=row.get("description") or "",
                    domain=row.get("operating_area") or "",
                    source="kolada",
                    computable=False,
                    publication_date=row.get("publication_date") or "",
                )
                for row in reader
            ]
    except UnicodeDecodeError:
        raise InputError(f"{path}: filen er ikke UTF-8 / not UTF-8.") from None


def shipped_kolada() -> Path:
    """Kolada's 6,099 definitions, shipped for the demo commons (Källa: Kolada)."""
    from importlib.resources import files

    return Path(
        str(files("faelled").joinpath("content", "catalogues", "kolada_kpi_metadata.csv.gz"))
    )


def import_entries(db: Database, entries: list[Entry], source: str) -> int:
    """Replace the catalogue entries from `source` with `entries`."""
    from faelled.engine.writes import replace_where

    rows = pa.Table.from_pylist([e.as_dict() for e in entries], schema=_SCHEMA)
    replace_where(db, EXTERNAL_TABLE, {"source": source}, rows)
    return len(entries)


def external_entries(db: Database) -> list[Entry]:
    if not db.has_table(EXTERNAL_TABLE):
        return []
    return [Entry(**r) for r in db.table(EXTERNAL_TABLE).to_pyarrow().to_pylist()]


_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("description", pa.string()),
        ("domain", pa.string()),
        ("source", pa.string()),
        ("computable", pa.bool_()),
        ("unit", pa.string()),
        ("publication_date", pa.string()),
    ]
)


def _create(db: Database) -> None:
    db.backend.create_table(EXTERNAL_TABLE, schema=_SCHEMA)


MIGRATIONS = [Migration("kpi-catalogue:1", "external KPI catalogue entries", _create)]
