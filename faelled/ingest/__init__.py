"""Ingest: a municipality's extract → normalised, pseudonymised, validated, loaded atomically.

files.py      what a file is (kind by content), its sha256; empty / binary / .xls refused
sniff.py      encoding, delimiter, first rows; decimal comma, thousands, date formats
readers.py    CSV, Excel, Parquet, JSON, JSON-stat → a relation the staging engine reads
mapping.py    source columns → contract columns (aliases, --map, mapping files, positions)
normalise.py  one statement that stages the file typed; municipality names → codes
pseudonym.py  CPR → keyed pseudonym; the installation key
staging.py    which engine stages a delivery, value formats, reading errors explained
guard.py      the CPR leak guard
pipeline.py   one delivery end to end (and the dry run)
load.py       the load transaction: planned rows, idempotence, swap with lineage
result.py     what a delivery came to (LoadResult) and its reading statistics
swap.py       the atomic replace/append with lineage, per engine
quality.py    quality scores per dataset × municipality × load
store.py      the tables ingest owns (migrations) and dataset-table DDL
history.py    loads, reports, quarantine, quality: what pages and commands read
api.py        ingest / validate files and folders
demo.py       the demo's extracts through this pipeline
"""

from faelled.ingest.api import ingest, resolve_contract, validate_files
from faelled.ingest.history import (
    get_load,
    list_loads,
    load_report,
    quality,
    quarantine_counts,
    quarantine_rows,
)
from faelled.ingest.pipeline import LoadResult, ingest_file

__all__ = [
    "LoadResult",
    "get_load",
    "ingest",
    "ingest_file",
    "list_loads",
    "load_report",
    "quality",
    "quarantine_counts",
    "quarantine_rows",
    "resolve_contract",
    "validate_files",
]
