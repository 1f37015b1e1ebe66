"""Errors real deliveries have, injected on purpose (`--dirty RATE`) and recorded exactly.

Per file, each applicable row-level kind hits Binomial(rows, RATE / kinds) distinct rows; a
home-care file loses one whole month with probability min(1, 5 × RATE). Every injection is
recorded with its file, column, spreadsheet row numbers (header = row 1, first data row = row 2)
and count, so validation can be tested against it. Structural data from Statistics Denmark
(population, socioeconomic) are delivered clean.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from faelled.catalog.contracts import ColumnType, Contract

UNKNOWN_MUNICIPALITY = "999"  # not one of the 98, nor Christiansø (411)
IMPOSSIBLE_GRADES = (-2, 1, 3, 5, 8, 11, 13)
CLEAN_DATASETS = ("population", "socioeconomic")
# dataset → (start column, end column) that must satisfy end ≥ start
_END_START = {
    "benefit_spells": ("start_date", "end_date"),
    "employees": ("start_date", "end_date"),
    "nursing_home_residents": ("move_in_date", "move_out_date"),
}
KINDS = (
    "duplicate",
    "unknown_municipality",
    "missing_required",
    "end_before_start",
    "impossible_grade",
    "cpr_in_free_text",
    "missing_month",
)


@dataclass
class Injection:
    kind: str
    dataset: str
    file: str
    count: int
    column: str | None = None
    rows: list[int] = field(default_factory=list)
    detail: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def row_kinds(dataset: str) -> list[str]:
    kinds = ["unknown_municipality", "missing_required"]
    if dataset in _END_START:
        kinds.append("end_before_start")
    if dataset == "exam_grades":
        kinds.append("impossible_grade")
    if dataset == "benefit_spells":
        kinds.append("cpr_in_free_text")
    return [*kinds, "duplicate"]  # duplicates last: copies of rows left untouched


def inject(
    df: pd.DataFrame,
    contract: Contract,
    file: str,
    rate: float,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, list[Injection]]:
    dataset = contract.name
    if rate <= 0 or dataset in CLEAN_DATASETS or df.empty:
        return df, []
    df = df.copy()
    for col in contract.columns:  # integers must be able to hold a missing value
        if col.type is ColumnType.integer:
            df[col.name] = df[col.name].astype("Int64")
    found: list[Injection] = []
    if dataset == "home_care" and rng.random() < min(1.0, 5 * rate):
        months = np.sort(df["month"].unique())
        month = months[rng.integers(len(months))]
        drop = (df["month"] == month).to_numpy()
        df = df[~drop].reset_index(drop=True)
        found.append(
            Injection(
                "missing_month",
                dataset,
                file,
                int(drop.sum()),
                column="month",
                detail=str(pd.Timestamp(month).date()),
            )
        )
    n = len(df)
    kinds = row_kinds(dataset)
    # A CPR number in free text makes the leak guard refuse the whole file: an event per file
    # (as a missing month is), not per row, or a demo would lose a tenth of its spells files.
    leak = "cpr_in_free_text" in kinds and rng.random() < min(1.0, 10 * rate)
    if not leak and "cpr_in_free_text" in kinds:
        kinds.remove("cpr_in_free_text")
    counts = rng.binomial(n, rate / len(kinds), size=len(kinds))
    if leak:
        counts[kinds.index("cpr_in_free_text")] = max(1, counts[kinds.index("cpr_in_free_text")])
    if counts.sum() > n:
        counts[:] = 0
    perm = rng.permutation(n)
    chosen: dict[str, np.ndarray] = {}
    pos = 0
    for kind, c in zip(kinds, counts, strict=True):
        chosen[kind] = np.sort(perm[pos : pos + int(c)])
        pos += int(c)
    detail: dict[str, str | None] = {}
    column: dict[str, str | None] = {}
    loc = df.columns.get_loc
    for kind, rows in chosen.items():
        if not len(rows) or kind == "duplicate":
            continue
        if kind == "unknown_municipality":
            column[kind] = "municipality"
            df.iloc[rows, loc("municipality")] = UNKNOWN_MUNICIPALITY
        elif kind == "missing_required":
            names = [c.name for c in contract.columns if c.required and c.name != "municipality"]
            name = names[int(rng.integers(len(names)))]
            column[kind] = name
            df.iloc[rows, loc(name)] = None
        elif kind == "end_before_start":
            start, end = _END_START[dataset]
            column[kind] = end
            back = pd.to_timedelta(rng.integers(1, 60, size=len(rows)), unit="D")
            df.iloc[rows, loc(end)] = df.iloc[rows, loc(start)].to_numpy() - back.to_numpy()
        elif kind == "impossible_grade":
            column[kind] = "grade"
            df.iloc[rows, loc("grade")] = rng.choice(IMPOSSIBLE_GRADES, size=len(rows))
        elif kind == "cpr_in_free_text":
            column[kind] = "comment"
            ids = df.iloc[rows, loc("person_id")].astype(str).to_numpy()
            df.iloc[rows, loc("comment")] = [f"Ring til borger {c} om mødet" for c in ids]
    # Duplicates are inserted right after their original; row numbers are computed after that.
    copies = np.ones(n, dtype=np.int64)
    copies[chosen["duplicate"]] = 2
    first_pos = np.cumsum(copies) - copies  # 0-based position of each original row
    df = df.iloc[np.repeat(np.arange(n), copies)].reset_index(drop=True)
    for kind, rows in chosen.items():
        if not len(rows):
            continue
        if kind == "duplicate":
            found.append(
                Injection(
                    kind,
                    dataset,
                    file,
                    len(rows),
                    rows=[int(p) + 3 for p in first_pos[rows]],
                    detail="each row repeats the row above it",
                )
            )
        else:
            found.append(
                Injection(
                    kind,
                    dataset,
                    file,
                    len(rows),
                    column=column.get(kind),
                    rows=[int(p) + 2 for p in first_pos[rows]],
                    detail=detail.get(kind),
                )
            )
    return df, found
