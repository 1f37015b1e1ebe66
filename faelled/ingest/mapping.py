"""Which source column is which contract column.

Names are compared by a key that ignores case, spaces, punctuation and the Danish letters'
spelling ("Kommune_(id)" ~ "kommune id", "År" ~ "aar"). A contract column matches its own name and
its aliases; the user adds or overrides with `--map SOURCE=COLUMN` or a mapping file. A file
without a header row is mapped by position (`column_3` names its third column). Problems that make
the load meaningless — a required column missing, a header written twice, an extract for another
dataset — stop here with one message that says what to do."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from faelled.catalog.contracts import Contract
from faelled.errors import InputError
from faelled.ingest.files import where

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
_POSITION = re.compile(r"^column_(\d+)$")
_NUMBER_OR_DATE = re.compile(r"^\s*[-+]?[\d.,]+\s*$|^\s*\d{1,4}[-./]\d{1,2}[-./]\d{1,4}\s*$")


def name_key(text: str) -> str:
    s = unicodedata.normalize("NFC", text).replace("\ufeff", "").strip().lower()
    s = s.translate(_TRANSLIT)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


@dataclass
class ColumnMap:
    header: bool
    names: list[str]  # the source's column names as written (column_N without a header)
    positions: dict[str, int]  # contract column → source position
    extra: list[str] = field(default_factory=list)  # source columns not loaded
    missing_optional: list[str] = field(default_factory=list)

    def describe(self) -> dict[str, str]:
        return {col: self.names[i] for col, i in self.positions.items()}


def parse_map_args(items: Sequence[str]) -> dict[str, str]:
    """`--map SOURCE=COLUMN`, repeated."""
    out: dict[str, str] = {}
    for item in items:
        source, sep, column = item.partition("=")
        if not sep or not source.strip() or not column.strip():
            raise InputError(
                f"--map {item!r}: skriv KILDE=KOLONNE / write SOURCE=COLUMN.",
                hint="Fx --map Kommunenr=municipality --map column_3=start_date",
            )
        out[source.strip()] = column.strip()
    return out


def read_mapping_file(path: Path) -> dict[str, str]:
    """A mapping file: YAML or JSON, `{source name: contract column}`."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise InputError(
            f"{path}: mappingfilen kan ikke læses / cannot read the mapping file ({exc}).",
            hint="Skriv den som YAML: 'Kildenavn: kolonne', én pr. linje.",
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str | int) and isinstance(v, str) for k, v in data.items()
    ):
        raise InputError(
            f"{path}: mappingfilen skal være 'kilde: kolonne'-par / must hold 'source: column'.",
        )
    return {str(k): v for k, v in data.items()}


def _lookup(contract: Contract, user_map: Mapping[str, str]) -> dict[str, str]:
    """Source-name key → contract column."""
    known = {c.name for c in contract.columns}
    table: dict[str, str] = {}
    for c in contract.columns:
        for alias in c.aliases:
            table[name_key(alias)] = c.name
        table[name_key(c.name)] = c.name
    for source, column in user_map.items():
        if column not in known:
            raise InputError(
                f"--map {source}={column}: datasættet {contract.name} har ingen kolonne "
                f"{column!r} / no such column.",
                hint="Kolonnerne: " + ", ".join(c.name for c in contract.columns),
            )
        table[name_key(source)] = column
    return table


def _looks_like_data(row: Sequence[str | None]) -> bool:
    return any(v is not None and _NUMBER_OR_DATE.match(v) for v in row)


def map_columns(
    path: Path,
    first_row: Sequence[str | None],
    contract: Contract,
    user_map: Mapping[str, str],
    *,
    header: bool | None = None,
    named: bool = False,
    others: Mapping[str, Contract] | None = None,
) -> ColumnMap:
    lookup = _lookup(contract, user_map)
    cells = [("" if v is None else str(v)) for v in first_row]
    keys = [name_key(v) for v in cells]
    positional = any(_POSITION.match(k) for k in user_map)
    if named:
        header = True
    elif header is None:
        if any(k in lookup for k in keys if k):
            header = True
        elif positional or _looks_like_data(cells):
            header = False
        else:
            header = True
    if not header:
        return _positional(path, len(cells), contract, user_map)

    seen: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k and k in seen:
            raise InputError(
                f"{where(path, 1, cells[i])}: kolonnenavnet står to gange (kolonne {seen[k] + 1} "
                f"og {i + 1}) / the column name appears twice (columns {seen[k] + 1} and {i + 1}).",
                hint="Giv kolonnerne forskellige navne, eller fjern den ene.",
            )
        seen[k] = i
    names = [c if c.strip() else f"column_{i + 1}" for i, c in enumerate(cells)]
    positions: dict[str, int] = {}
    for i, k in enumerate(keys):
        column = lookup.get(k) or lookup.get(f"column_{i + 1}")
        if column is None:
            continue
        if column in positions:
            j = positions[column]
            raise InputError(
                f"{where(path, 1)}: både {names[j]!r} (kolonne {j + 1}) og {names[i]!r} "
                f"(kolonne {i + 1}) passer til {column} / both columns map to {column}.",
                hint=f"Vælg én med --map, fx --map {names[j]}={column}, og fjern den anden.",
            )
        positions[column] = i
    return _finish(path, contract, names, positions, True, others or {}, keys)


def _positional(
    path: Path, width: int, contract: Contract, user_map: Mapping[str, str]
) -> ColumnMap:
    names = [f"column_{i + 1}" for i in range(width)]
    positions: dict[str, int] = {}
    by_position = {
        int(m.group(1)) - 1: col for src, col in user_map.items() if (m := _POSITION.match(src))
    }
    if by_position:
        for i, col in by_position.items():
            if not 0 <= i < width:
                raise InputError(
                    f"--map column_{i + 1}={col}: filen har kun {width} kolonner / the file has "
                    f"only {width} columns."
                )
            positions[col] = i
    elif width <= len(contract.columns) and all(
        not c.required for c in contract.columns[width:]
    ):  # by position; trailing optional columns (a free-text note) may be left out
        positions = {c.name: i for i, c in enumerate(contract.columns[:width])}
    else:
        raise InputError(
            f"{where(path, 1)}: filen har ingen overskriftsrække og {width} kolonner, men "
            f"datasættet {contract.name} har {len(contract.columns)} / the file has no header row "
            f"and {width} columns; the dataset has {len(contract.columns)}.",
            hint="Angiv kolonnerne med --map column_1=KOLONNE … (eller tilføj en overskrift).",
        )
    return _finish(path, contract, names, positions, False, {}, [])


def _finish(
    path: Path,
    contract: Contract,
    names: list[str],
    positions: dict[str, int],
    header: bool,
    others: Mapping[str, Contract],
    keys: list[str],
) -> ColumnMap:
    missing = [c for c in contract.columns if c.name not in positions]
    required = [c for c in missing if c.required]
    if required:
        better = _better_dataset(contract, others, keys)
        c = required[0]
        aka = f" (også kaldet / also known as: {', '.join(c.aliases)})" if c.aliases else ""
        if better:
            raise InputError(
                f"{where(path, 1)}: filen ligner et udtræk for datasættet {better!r}, ikke "
                f"{contract.name!r} / the file looks like an extract for dataset {better!r}, "
                f"not {contract.name!r} (the column {c.name!r} is missing).",
                hint=f"Brug --dataset {better}.",
            )
        raise InputError(
            f"{where(path, 1, c.name)}: kolonnen mangler i filen{aka} / the column is missing. "
            f"Filens kolonner / the file's columns: {_names(names)}.",
            hint=f"Brug --map KILDE={c.name}, eller tilføj kildens navn som alias i kontrakten.",
        )
    used = set(positions.values())
    extra = [n for i, n in enumerate(names) if i not in used]
    return ColumnMap(header, names, positions, extra, [c.name for c in missing])


def _names(names: list[str], n: int = 12) -> str:
    shown = [name if len(name) <= 40 else name[:39] + "…" for name in names[:n]]
    return ", ".join(shown) + (f", … ({len(names)} i alt)" if len(names) > n else "")


def _better_dataset(
    contract: Contract, others: Mapping[str, Contract], keys: list[str]
) -> str | None:
    """Another dataset whose required columns the header holds, if any (the best fit)."""
    present = set(keys)
    best, best_n = None, 0
    for name, other in others.items():
        if name == contract.name:
            continue
        lookup = _lookup(other, {})
        matched = {lookup[k] for k in present if k in lookup}
        required = {c.name for c in other.columns if c.required}
        if required and required <= matched and len(matched) > best_n:
            best, best_n = name, len(matched)
    return best
