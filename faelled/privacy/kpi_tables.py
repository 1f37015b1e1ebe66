"""Suppression for served key figures: one decision per KPI and period over every area
(municipalities, regions, kommunegrupper, the country) and every breakdown, made on the full
table and applied to whatever slice a request asks for (see `secondary`'s docstring).

The audit runs on `n`, the persons behind each value; every additive field of a cell (`n`,
`numerator`, `denominator`, `value` of a count or sum, an aggregate's unweighted mean × members)
has the same membership structure, so one suppression pattern protects them all, and a suppressed
cell has every value field blanked."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from faelled.privacy.secondary import Cell, Table, protect
from faelled.privacy.suppression import DEFAULT_RULES, SUPPRESSED, Rules, count_is_sensitive
from faelled.reference import reference

VALUE_FIELDS = ("value", "value_unweighted", "numerator", "denominator", "n")
COUNTRY = "000"


def _areas() -> dict[tuple[str, str], frozenset[str]]:
    """Every area the KPI layer serves, as its set of municipalities."""
    ref = reference()
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in ref.municipalities:
        out[("municipality", m.code)].add(m.code)
        out[("region", m.region_code)].add(m.code)
        out[("kommunegruppe", m.kommunegruppe_code)].add(m.code)
        out[("country", COUNTRY)].add(m.code)
    return {k: frozenset(v) for k, v in out.items()}


def _dimensions(breakdowns: Iterable[str]) -> dict[str, list[str]]:
    """ "sex=K" → {"sex": ["K", …]}; "" is the whole area."""
    dims: dict[str, set[str]] = defaultdict(set)
    for b in breakdowns:
        for part in filter(None, b.split(",")):
            name, _, value = part.partition("=")
            dims[name].add(value)
    return {d: sorted(v) for d, v in sorted(dims.items())}


Sensitive = Callable[[Mapping[str, Any]], bool]


def kpi_table(
    rows: Sequence[Mapping[str, Any]],
    rules: Rules = DEFAULT_RULES,
    sensitive: Sensitive | None = None,
) -> Table:
    """One KPI and period's rows as a linear table over atoms municipality × breakdown cell.
    A row is a primary cell when `sensitive(row)` says so (default: its `n` is 1 or 2)."""
    areas = _areas()
    municipalities = sorted(m for (t, m) in areas if t == "municipality")
    dims = _dimensions(str(r.get("breakdown") or "") for r in rows)
    combos = list(itertools.product(*dims.values())) or [()]
    names = list(dims)
    atom = {(m, combo): k for k, (m, combo) in enumerate(itertools.product(municipalities, combos))}
    cells: list[Cell] = []
    index: dict[tuple[str, str, str], int] = {}
    for r in rows:
        area_key = (str(r["area_type"]), str(r["area"]))
        breakdown = str(r.get("breakdown") or "")
        fixed = dict(p.partition("=")[::2] for p in filter(None, breakdown.split(",")))
        munis = areas.get(area_key, frozenset())
        members = frozenset(
            atom[(m, combo)]
            for m in munis
            for combo in combos
            if all(combo[names.index(d)] == v for d, v in fixed.items())
        )
        n = r.get("n")
        value = float(n) if n is not None else 0.0
        primary = (
            sensitive(r)
            if sensitive is not None
            else count_is_sensitive(None if n is None else float(n), rules.min_persons)
        )
        index[(*area_key, breakdown)] = len(cells)
        cells.append(Cell((*area_key, breakdown), members, value, primary))
    # Each municipality knows its own figures (and its analysts see them unsuppressed): it must
    # not be able to recompute another's suppressed cell from them and the published aggregates.
    insiders = [
        frozenset(atom[(m, combo)] for combo in combos)
        for m in municipalities
        if any(r["area_type"] == "municipality" and str(r["area"]) == m for r in rows)
    ]
    return Table(cells, len(atom), _relations(cells, index, areas, dims), insiders)


def _relations(
    cells: list[Cell],
    index: Mapping[tuple[str, str, str], int],
    areas: Mapping[tuple[str, str], frozenset[str]],
    dims: Mapping[str, list[str]],
) -> list[tuple[int, list[int]]]:
    out: list[tuple[int, list[int]]] = []
    breakdowns = sorted({str(c.key[2]) for c in cells})
    # Areas: a group's cell is the sum of its municipalities' cells; the country is the sum of
    # its regions and of its kommunegrupper.
    for (kind, area), munis in areas.items():
        if kind == "municipality":
            continue
        for b in breakdowns:
            whole = index.get((kind, area, b))
            if whole is None:
                continue
            keys = [("municipality", m, b) for m in sorted(munis)]
            parts = [index[k] for k in keys if k in index]
            out.append((whole, parts))
            if kind == "country":
                for level in ("region", "kommunegruppe"):
                    groups = [index[k] for k in sorted(index) if k[0] == level and k[2] == b]
                    out.append((whole, groups))
    # Breakdowns: the whole area is the sum of one dimension's categories.
    for (kind, area, b), whole in index.items():
        if b:
            continue
        for d, values in dims.items():
            keys = [(kind, area, f"{d}={v}") for v in values]
            out.append((whole, [index[k] for k in keys if k in index]))
    return out


def suppressed_rows(
    rows: Sequence[Mapping[str, Any]],
    rules: Rules = DEFAULT_RULES,
    sensitive: Sensitive | None = None,
    minimum: float | None = None,
) -> set[int]:
    """The indices of one KPI and period's rows (every area and breakdown) to suppress;
    `minimum` is the threshold a primary cell's attacker interval must reach (default: the
    rules' persons threshold)."""
    if not rows:
        return set()
    threshold = rules.min_persons if minimum is None else minimum
    decision = protect(kpi_table(rows, rules, sensitive), minimum=threshold)
    return set(decision.suppressed)


def protect_kpi_values(
    rows: Iterable[Mapping[str, Any]], rules: Rules = DEFAULT_RULES
) -> list[dict[str, Any]]:
    """kpi_values rows (any number of KPIs and periods) with suppression applied and marked."""
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r.get("kpi"), r.get("period"))].append(dict(r))
    out: list[dict[str, Any]] = []
    for key in sorted(groups, key=repr):
        group = groups[key]
        suppressed = suppressed_rows(group, rules)
        for i, r in enumerate(group):
            hidden = i in suppressed
            if hidden:
                for f in VALUE_FIELDS:
                    if f in r:
                        r[f] = SUPPRESSED
            r["suppressed"] = hidden
            out.append(r)
    return out
