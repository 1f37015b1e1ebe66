"""Primary suppression: which single cells are too revealing to publish (DESIGN decision 8).

- Counts of persons below `min_persons` (3, Statistics Denmark's rule) — but not zero: that no one
  is in a cell is published.
- Survey results with fewer than `min_respondents` (5) respondents.
- Money amounts (and other magnitudes) with few contributors: fewer than `min_contributors`, or a
  dominance rule — the largest `dominance_n` contributors make up more than `dominance_k` of the
  total — since a dominant contributor's amount can be estimated closely from the cell alone.

Secondary suppression (margins, aggregates, differencing) is in `faelled.privacy.secondary`.
A suppressed value is served as null with `"suppressed": true`, and as ".." (Statistics Denmark's
marker) in CSV and Excel.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MIN_PERSONS = 3  # Statistics Denmark's rule: counts of persons below 3 are not published
MIN_RESPONDENTS = 5  # survey results need at least 5 respondents
SUPPRESSED = None  # a suppressed value is served as null with "suppressed": true
SUPPRESSED_MARK = ".."  # ... and as ".." where a format has no null (CSV, Excel)


@dataclass(frozen=True)
class Rules:
    """The disclosure rules of an installation."""

    min_persons: int = MIN_PERSONS
    min_respondents: int = MIN_RESPONDENTS
    min_contributors: int = 3
    dominance_n: int = 2
    dominance_k: float = 0.85

    def __post_init__(self) -> None:
        if self.min_persons < 1 or self.min_respondents < 1 or self.min_contributors < 1:
            raise ValueError("thresholds must be at least 1")
        if not 0 < self.dominance_k <= 1 or self.dominance_n < 1:
            raise ValueError("dominance rule needs n >= 1 and 0 < k <= 1")


DEFAULT_RULES = Rules()


def count_is_sensitive(n: float | None, minimum: int = MIN_PERSONS) -> bool:
    """A count of persons (or respondents) that may identify someone: 0 < n < minimum."""
    return n is not None and 0 < n < minimum


def amount_is_sensitive(contributions: Sequence[float], rules: Rules = DEFAULT_RULES) -> bool:
    """A magnitude summed over contributors (e.g. DKK per case, per institution).

    Sensitive with fewer than `min_contributors` non-zero contributors, or when the largest
    `dominance_n` make up more than `dominance_k` of the total (the (n, k) dominance rule)."""
    values = sorted((abs(c) for c in contributions if c), reverse=True)
    if not values:
        return False
    if len(values) < rules.min_contributors:
        return True
    total = sum(values)
    return sum(values[: rules.dominance_n]) > rules.dominance_k * total


def suppress_small(
    rows: Iterable[Mapping[str, Any]],
    *,
    n_field: str,
    value_fields: Iterable[str],
    minimum: int = MIN_PERSONS,
) -> list[dict[str, Any]]:
    """Blank the value fields of every row whose count is below `minimum`, and mark it.

    Primary suppression only, for a list whose rows have no margins or aggregates served beside
    them (e.g. survey results per question); a table with totals needs `secondary.protect`."""
    fields = list(value_fields)
    out = []
    for row in rows:
        r = dict(row)
        n = r.get(n_field)
        hidden = count_is_sensitive(None if n is None else float(n), minimum)
        if hidden:
            for f in [*fields, n_field]:
                r[f] = SUPPRESSED
        r["suppressed"] = hidden
        out.append(r)
    return out


def mark(value: Any, suppressed: bool) -> Any:
    """A value as a format without nulls shows it: ".." when suppressed."""
    return SUPPRESSED_MARK if suppressed else value
