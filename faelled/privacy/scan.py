"""A leak scan: is there anything shaped like a CPR number anywhere in the database or in the
files under FAELLED_HOME? Ingest replaces CPR numbers with pseudonyms and refuses a CPR-like value
in a column not declared as an identifier; this checks afterwards that nothing slipped through.
Findings name where (table and column, or file) and how many — never the values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from faelled.engine.database import Database

# ddmmyy-xxxx or ddmmyyxxxx with a plausible day (also a substitute number's day + 60) and month,
# not inside a longer run of letters or digits (a hex pseudonym holds digit runs too). Written
# without look-arounds so DuckDB's and PostgreSQL's regex engines both run it.
_DAY = r"(0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])"
_MONTH = r"(0[1-9]|1[0-2])"
CPR_PATTERN = rf"(^|[^0-9A-Za-z]){_DAY}{_MONTH}[0-9]{{2}}-?[0-9]{{4}}([^0-9A-Za-z]|$)"
_CPR = re.compile(CPR_PATTERN)


@dataclass(frozen=True)
class Finding:
    where: str  # "table.column" or a file path
    count: int


def scan_database(db: Database) -> list[Finding]:
    findings = []
    for name in db.tables():
        t = db.table(name)
        for column, dtype in t.schema().items():
            if not dtype.is_string():
                continue
            count = int(t.filter(t[column].re_search(CPR_PATTERN)).count().execute())
            if count:
                findings.append(Finding(f"{name}.{column}", count))
    return findings


# The municipalities' source extracts hold CPR numbers by nature (they are what ingest
# pseudonymises); they are input, not Fælled's state, and ingest's leak guard reads them.
SOURCE_DIRS = ("extracts",)


def scan_files(
    home: Path,
    *,
    skip_suffixes: tuple[str, ...] = (".duckdb", ".wal"),
    skip_dirs: tuple[str, ...] = SOURCE_DIRS,
) -> list[Finding]:
    """Files under home (logs, exports, head files), except source extracts; the database file
    itself is scanned through its tables."""
    findings = []
    for path in sorted(home.rglob("*")):
        if not path.is_file() or path.suffix in skip_suffixes or path.stat().st_size > 50_000_000:
            continue
        if any(part in skip_dirs for part in path.relative_to(home).parts[:-1]):
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        count = sum(1 for line in text.splitlines() if _CPR.search(line))
        if count:
            findings.append(Finding(str(path), count))
    return findings
