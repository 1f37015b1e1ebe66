"""Primary suppression rules (DESIGN decision 8). Secondary suppression across margins arrives
with the access-control issue; callers already route every served aggregate through here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

MIN_PERSONS = 3  # Statistics Denmark's rule: counts of persons below 3 are not published
MIN_RESPONDENTS = 5  # survey results need at least 5 respondents
SUPPRESSED = None  # a suppressed value is served as null with "suppressed": true


def suppress_small(
    rows: Iterable[Mapping[str, Any]],
    *,
    n_field: str,
    value_fields: Iterable[str],
    minimum: int = MIN_PERSONS,
) -> list[dict[str, Any]]:
    """Blank the value fields of every row whose count is below `minimum`, and mark it."""
    fields = list(value_fields)
    out = []
    for row in rows:
        r = dict(row)
        n = r.get(n_field)
        hidden = n is not None and 0 < int(n) < minimum
        if hidden:
            for f in [*fields, n_field]:
                r[f] = SUPPRESSED
        r["suppressed"] = hidden
        out.append(r)
    return out
