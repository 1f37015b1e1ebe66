"""What a delivery file is, before anything reads it: its kind (by content, not only by name),
its checksum, and whether it is a file at all — empty, binary, an old .xls, a PDF."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from faelled.errors import InputError

Kind = Literal["csv", "excel", "parquet", "json"]
SAMPLE_BYTES = 256 * 1024
CHUNK = 4 * 1024 * 1024
SUFFIXES: dict[str, Kind] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",  # refused with a clear message by `inspect`
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".jsonstat": "json",
}
SKIP_NAMES = {"manifest.json", "expected_kpis.parquet"}
# UTF-8's two-byte sequences for æ ø å Æ Ø Å é ü ö …: in a Windows-1252 file they mean the file
# is part UTF-8 (mixed encodings), since "Ã¦" is not Danish.
_UTF8_PAIR = re.compile(rb"\xc3[\x80-\xbf]")
_C1 = re.compile(rb"[\x80-\x9f]")


@dataclass(frozen=True)
class FileInfo:
    path: Path
    size: int
    sha256: str
    kind: Kind
    head: bytes  # the first SAMPLE_BYTES

    @property
    def name(self) -> str:
        return self.path.name


def where(path: Path | str, row: int | None = None, column: str | None = None) -> str:
    """'fil.csv, række 7, kolonne start' — the place a message points at."""
    parts = [Path(path).name]
    if row is not None:
        parts.append(f"række/row {row}")
    if column is not None:
        parts.append(f"kolonne/column {column!r}")
    return ", ".join(parts)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs; it has a BOM
        return False
    if b"\0" in head[:8192]:
        return True
    control = sum(1 for b in head[:8192] if b < 9 or 13 < b < 32)
    return control > 0.05 * max(len(head[:8192]), 1)


def inspect(path: Path) -> FileInfo:
    """Identify a delivery and take its sha256, reading it once, in chunks."""
    if not path.exists():
        raise InputError(f"{path}: filen findes ikke / file not found.", hint="Tjek stien.")
    if path.is_dir():
        raise InputError(f"{path}: er en mappe / is a folder.")
    digest = hashlib.sha256()
    head = b""
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            if not head:
                head = chunk[:SAMPLE_BYTES]
            digest.update(chunk)
            size += len(chunk)
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n"):
        raise InputError(
            f"{where(path)}: filen er tom / the file is empty.",
            hint="Dan udtrækket igen; en tom fil indlæses ikke (den ville tømme kommunens data).",
        )
    return FileInfo(path, size, digest.hexdigest(), _kind(path, head), head)


def _kind(path: Path, head: bytes) -> Kind:
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "excel"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{where(path)}: det gamle Excel-format (.xls) kan ikke læses / the old .xls format "
            "cannot be read.",
            hint="Åbn filen i Excel og gem den som .xlsx eller CSV (UTF-8).",
        )
    if head.startswith(b"%PDF"):
        raise InputError(
            f"{where(path)}: en PDF er ikke et dataudtræk / a PDF is not a data extract.",
            hint="Dan udtrækket som CSV, Excel (.xlsx) eller Parquet.",
        )
    if suffix in (".xlsx", ".xlsm", ".parquet", ".pq") or _looks_binary(head):
        expected = SUFFIXES.get(suffix, "csv")
        raise InputError(
            f"{where(path)}: filen er ikke en gyldig {expected}-fil (binære data eller "
            f"afkortet) / the file is not a valid {expected} file (binary data or truncated).",
            hint="Dan udtrækket igen fra kildesystemet og kopier det helt.",
        )
    if suffix in (".json", ".jsonl", ".ndjson", ".jsonstat"):
        return "json"
    return "csv"


def scan_for_mixed_encoding(path: Path) -> tuple[bool, int | None]:
    """For a file read as Windows-1252: does it use the characters only Windows-1252 has
    (0x80–0x9F: € ‘ ’ “ ” – …), and on which line does UTF-8 first appear (mixed encodings)?
    One pass in chunks; a pair split across chunks is missed, which costs at most a warning."""
    has_c1 = False
    lines = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            m = _UTF8_PAIR.search(chunk)
            if m:
                return True, lines + chunk.count(b"\n", 0, m.start()) + 1
            has_c1 = has_c1 or _C1.search(chunk) is not None
            lines += chunk.count(b"\n")
    return has_c1, None


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: each file named, and every delivery file in each folder named (sorted;
    hidden files, the generator's manifest and ground truth skipped)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.iterdir()
                    if f.is_file()
                    and f.suffix.lower() in SUFFIXES
                    and not f.name.startswith((".", "_"))
                    and f.name not in SKIP_NAMES
                )
            )
        else:
            out.append(p)
    return out
