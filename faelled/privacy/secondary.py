"""Secondary suppression and its exact audit: no suppressed value can be recomputed from what is
served — from one table's margins, from aggregates, or by differencing two responses.

The model. A served table is a set of cells, each the sum of some *atoms*: the finest cells
(e.g. municipality × category), served or not. A municipality's total, a region's, a kommune-
gruppe's, the country's, a breakdown's categories — every cell is a 0/1 row vector over the atoms,
and what is published is a system of linear equations. A suppressed cell can be recomputed
exactly when its vector lies in the row space of the published cells' vectors; `derivable` tests
that (SVD rank over the reals, i.e. whatever an attacker can do with sums and differences).
`bounds` goes further with the attacker's knowledge that counts are not negative: by linear
programming it gives the interval each suppressed cell is known to lie in.

The method. `protect` starts from the primary cells (`faelled.privacy.suppression`) and:
1. for every relation "whole = sum of parts" that holds exactly one suppressed cell, suppresses a
   partner in it (the smallest value that still hides the primary one, so the interval for the
   primary reaches the threshold; a total if nothing else is left);
2. audits the result exactly; for any suppressed cell still derivable through a combination of
   relations, suppresses more — a published cell whose removal breaks the derivation — and repeats;
3. audits it again for each *insider*: a municipality knows its own figures (its analysts see them
   unsuppressed), so with them and what is published it must not recompute another's cell;
4. bounds each primary cell by linear programming and widens any whose upper bound stays below the
   threshold (a partner worth 0 hides nothing).
It ends with every suppressed cell underivable (at worst everything is suppressed). It is
deterministic: the same table always gives the same decision.

Across requests. The decision is made once per full table (a KPI and period: every area, every
breakdown, every aggregate the API can serve) and every response is served from it; any set of
responses is then a subset of one audited table, so differencing two of them reveals nothing.
Ad-hoc aggregates (a user's own group of municipalities) pass `serve_aggregate`: served only when
their value already follows from what is published.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]
_TOL = 1e-8


@dataclass(frozen=True)
class Cell:
    key: tuple[Hashable, ...]
    members: frozenset[int]  # the atoms whose sum this cell is
    value: float
    sensitive: bool = False  # primary: must not be published, nor derivable


@dataclass
class Table:
    """A served table as linear algebra: cells over atoms, and the additive relations between
    cells (used to pick partners; the audit uses the atoms alone)."""

    cells: list[Cell]
    atoms: int
    relations: list[tuple[int, list[int]]] = field(default_factory=list)  # whole, parts
    # What each contributor knows besides what is published: its own atoms (a municipality holds
    # its own data, and its analysts see its figures unsuppressed).
    insiders: list[frozenset[int]] = field(default_factory=list)

    def index(self) -> dict[tuple[Hashable, ...], int]:
        return {c.key: i for i, c in enumerate(self.cells)}

    def vectors(self, which: Iterable[int]) -> Matrix:
        idx = list(which)
        m = np.zeros((len(idx), self.atoms))
        for row, i in enumerate(idx):
            m[row, list(self.cells[i].members)] = 1.0
        return m


@dataclass(frozen=True)
class Decision:
    table: Table
    suppressed: frozenset[int]
    primary: frozenset[int]

    def is_suppressed(self, key: tuple[Hashable, ...]) -> bool:
        return self.table.index()[key] in self.suppressed

    def served(self) -> list[dict[str, Any]]:
        """Every cell as served: value null and marked where suppressed."""
        return [
            {
                "key": c.key,
                "value": None if i in self.suppressed else c.value,
                "suppressed": i in self.suppressed,
            }
            for i, c in enumerate(self.table.cells)
        ]


# --- the exact audit ----------------------------------------------------------------------------


def _row_space(m: Matrix) -> Matrix:
    """An orthonormal basis (as columns) of the row space of m."""
    if m.size == 0:
        return np.zeros((m.shape[1], 0))
    _, s, vt = np.linalg.svd(m, full_matrices=False)
    rank = int((s > _TOL * max(1.0, float(s[0]))).sum()) if s.size else 0
    basis: Matrix = vt[:rank].T
    return basis


def _in_span(basis: Matrix, vectors: Matrix) -> npt.NDArray[np.bool_]:
    if basis.shape[1] == 0:
        return np.asarray(~vectors.any(axis=1))
    residual = vectors - (vectors @ basis) @ basis.T
    return np.asarray(np.abs(residual).max(axis=1) < 1e-6)


def _known(table: Table, published: list[int], atoms: frozenset[int]) -> Matrix:
    """The published cells' vectors, plus one unit row per atom an insider knows."""
    m = table.vectors(published)
    if atoms:
        own = np.zeros((len(atoms), table.atoms))
        own[np.arange(len(atoms)), sorted(atoms)] = 1.0
        m = np.vstack([m, own])
    return m


def derivable(
    table: Table, suppressed: Iterable[int], known_atoms: frozenset[int] = frozenset()
) -> list[int]:
    """The suppressed cells whose value follows exactly from the published cells — and, for an
    insider, from the atoms it knows (its own cells are no leak to itself)."""
    hidden = sorted(i for i in set(suppressed) if not table.cells[i].members <= known_atoms)
    if not hidden:
        return []
    published = [i for i in range(len(table.cells)) if i not in set(suppressed)]
    basis = _row_space(_known(table, published, known_atoms))
    inside = _in_span(basis, table.vectors(hidden))
    return [i for i, d in zip(hidden, inside, strict=True) if d]


def derivable_query(table: Table, suppressed: Iterable[int], members: Iterable[int]) -> bool:
    """Whether the sum over `members` (any aggregate) follows from the published cells."""
    hidden = set(suppressed)
    published = [i for i in range(len(table.cells)) if i not in hidden]
    vector = np.zeros((1, table.atoms))
    vector[0, list(members)] = 1.0
    return bool(_in_span(_row_space(table.vectors(published)), vector)[0])


def bounds(
    table: Table,
    suppressed: Iterable[int],
    *,
    nonnegative: bool = True,
    only: Iterable[int] | None = None,
    lower: bool = True,
) -> dict[int, tuple[float, float]]:
    """The interval each suppressed cell is known to lie in, given the published cells and that
    no atom is negative (linear programming; the attacker's best without integrality)."""
    from scipy.optimize import linprog

    hidden = sorted(set(suppressed))
    published = [i for i in range(len(table.cells)) if i not in set(hidden)]
    a_eq = table.vectors(published) if published else None
    b_eq = np.array([table.cells[i].value for i in published]) if published else None
    limits = (0, None) if nonnegative else (None, None)
    out: dict[int, tuple[float, float]] = {}
    for i in hidden if only is None else sorted(set(only) & set(hidden)):
        c = table.vectors([i])[0]
        low = float("-inf")
        if lower:
            lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=limits, method="highs")
            low = float(lo.fun) if lo.status == 0 else low
        hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=limits, method="highs")
        high = float(-hi.fun) if hi.status == 0 else float("inf")
        out[i] = (low, high)
    return out


# --- secondary suppression ----------------------------------------------------------------------


Memberships = dict[int, list[frozenset[int]]]  # cell → the relations (as cell sets) it is in


def _memberships(relations: list[tuple[int, list[int]]]) -> Memberships:
    out: Memberships = {}
    for whole, parts in relations:
        members = frozenset([whole, *parts])
        for cell in members:
            out.setdefault(cell, []).append(members)
    return out


def _partner(
    table: Table, cells: list[int], hidden: set[int], need: float, memberships: Memberships
) -> int | None:
    """The published cell in a relation to suppress beside a hidden one. First, one that gives
    enough protection; then one whose other relations already hold a suppressed cell (a partner
    that starts no new lone suppression keeps the pattern local instead of cascading across the
    table); then the smallest value; ties broken by key (deterministic)."""
    candidates = [i for i in cells if i not in hidden]
    if not candidates:
        return None

    def cost(i: int) -> tuple[bool, int, float, str]:
        v = abs(table.cells[i].value)
        fresh = sum(1 for rel in memberships.get(i, []) if not rel & hidden)
        return (v < need, fresh, v if v >= need else -v, repr(table.cells[i].key))

    return min(candidates, key=cost)


def protect(table: Table, *, minimum: float = 3, intervals: bool = True) -> Decision:
    """Primary plus secondary suppression, audited; see the module's docstring.

    With `intervals` the audit also solves the attacker's linear programs (counts are not
    negative): each primary cell's upper bound must reach `minimum`, so no one can prove the
    count is small — a zero-valued partner, for instance, protects nothing."""
    primary = {i for i, c in enumerate(table.cells) if c.sensitive}
    hidden = set(primary)
    unchecked = set(primary)
    relations = sorted(
        ((w, sorted(p)) for w, p in table.relations),
        key=lambda r: repr(table.cells[r[0]].key),
    )
    for _ in range(len(table.cells) + 1):
        _pair_up(table, relations, hidden, primary, minimum)
        leaks = derivable(table, hidden)
        if leaks:
            hidden.add(_breaker(table, hidden, leaks[0]))
            continue
        insider = _insider_leak(table, hidden)
        if insider is not None:
            hidden.add(_breaker(table, hidden, *insider))
            continue
        if not intervals:
            break
        # Suppressing more only loosens the attacker's constraints, so a primary cell that is
        # protected once stays protected: only the weak ones are checked again.
        unchecked = _weakly_protected(table, hidden, unchecked, minimum)
        added = False
        for i in unchecked:
            extra = _widener(table, relations, hidden, i, minimum)
            if extra is not None:
                hidden.add(extra)
                added = True
        if not added:
            break
    return Decision(table, frozenset(hidden), frozenset(primary))


def _pair_up(
    table: Table,
    relations: list[tuple[int, list[int]]],
    hidden: set[int],
    primary: set[int],
    minimum: float,
) -> None:
    """Until no relation holds exactly one suppressed cell — for the public, or for an insider,
    who knows its own cells — suppress a partner in it."""
    memberships = _memberships(relations)
    owner = _owners(table)
    changed = True
    while changed:
        changed = False
        for whole, parts in relations:
            members = [whole, *parts]
            inside = [i for i in members if i in hidden]
            if not inside:
                continue
            # What each viewer does not know of the relation: the public, none of it; an insider
            # who owns a suppressed cell here, the others. One unknown alone is recomputable.
            viewers = {None} | {owner[i] for i in inside if owner.get(i) is not None}
            for viewer in sorted(viewers, key=lambda v: -1 if v is None else v):
                unknown = [i for i in inside if viewer is None or owner.get(i) != viewer]
                if len(unknown) != 1:
                    continue
                lone = unknown[0]
                need = minimum - abs(table.cells[lone].value) if lone in primary else 0.0
                allowed = [m for m in members if viewer is None or owner.get(m) != viewer]
                partner = _partner(table, allowed, hidden, max(0.0, need), memberships)
                if partner is not None:
                    hidden.add(partner)
                    changed = True
                    break


def _owners(table: Table) -> dict[int, int]:
    """cell → the insider (by position) whose own atoms make it up, for cells that have one."""
    out: dict[int, int] = {}
    for k, atoms in enumerate(table.insiders):
        for i, c in enumerate(table.cells):
            if c.members and c.members <= atoms:
                out[i] = k
    return out


def _weakly_protected(table: Table, hidden: set[int], cells: set[int], minimum: float) -> set[int]:
    """The cells whose largest possible value (by LP) stays below the threshold."""
    if not cells:
        return set()
    limits = bounds(table, hidden, only=cells, lower=False)
    return {i for i, (_, high) in limits.items() if high < minimum - 1e-6}


def _widener(
    table: Table,
    relations: list[tuple[int, list[int]]],
    hidden: set[int],
    cell: int,
    minimum: float,
) -> int | None:
    """A published cell to suppress so that `cell`'s upper bound can grow: from the relations
    holding it, else from those of its suppressed neighbours."""
    need = max(0.0, minimum - abs(table.cells[cell].value))
    ring = {cell}
    for _ in range(3):
        members = [m for w, p in relations if ring & {w, *p} for m in (w, *p)]
        candidates = sorted({m for m in members if m not in hidden})
        positive = [m for m in candidates if abs(table.cells[m].value) > 0]
        if positive:
            return _partner(table, positive, hidden, need, _memberships(relations))
        ring |= {m for m in members if m in hidden}
    return None


def _null_space(m: Matrix, columns: int) -> Matrix:
    """An orthonormal basis (as columns) of {z : m z = 0}."""
    if m.size == 0:
        return np.eye(columns)
    _, s, vt = np.linalg.svd(m, full_matrices=True)
    rank = int((s > _TOL * max(1.0, float(s[0]))).sum()) if s.size else 0
    basis: Matrix = vt[rank:].T
    return basis


def _insider_leak(table: Table, hidden: set[int]) -> tuple[int, frozenset[int]] | None:
    """The first suppressed cell some insider can recompute, with that insider's atoms.

    One large SVD for all insiders: with N a basis of the null space of the published cells,
    what an insider who also knows atoms A cannot see is N·ker(N_A) (N_A: N's rows for A); a cell
    a is recomputable iff aᵀN is orthogonal to ker(N_A), i.e. lies in the row space of N_A."""
    if not table.insiders or not hidden:
        return None
    published = [i for i in range(len(table.cells)) if i not in hidden]
    null = _null_space(table.vectors(published), table.atoms)
    order = sorted(hidden)
    unseen = table.vectors(order) @ null  # each hidden cell against the unknown directions
    for atoms in table.insiders:
        # aᵀN orthogonal to ker(N_A) ⟺ aᵀN lies in the row space of N_A: project and compare.
        rows = _row_space(null[sorted(atoms)])
        residual = unseen - (unseen @ rows) @ rows.T
        exposed = np.abs(residual).max(axis=1, initial=0.0) < 1e-6
        for row in np.flatnonzero(exposed):
            if not table.cells[order[row]].members <= atoms:
                return order[row], atoms
    return None


def _breaker(
    table: Table, hidden: set[int], leak: int, known_atoms: frozenset[int] = frozenset()
) -> int:
    """A published cell to suppress so that `leak` stops being derivable: among the cells its
    derivation uses (non-zero coefficients in the least-squares solution of a_leak = Σ λ a_j over
    the published cells and the insider's atoms), the one with the smallest value. The caller
    audits again."""
    published = [i for i in range(len(table.cells)) if i not in hidden]
    target = table.vectors([leak])[0]
    coefficients = np.linalg.lstsq(_known(table, published, known_atoms).T, target, rcond=None)[0]
    used = [
        p
        for p, lam in zip(published, coefficients[: len(published)], strict=True)
        if abs(lam) > 1e-6 and not table.cells[p].members <= known_atoms
    ]
    memberships = _memberships(table.relations)

    def cost(i: int) -> tuple[int, float, str]:
        fresh = sum(1 for rel in memberships.get(i, []) if not rel & hidden)
        return (fresh, abs(table.cells[i].value), repr(table.cells[i].key))

    return min(used or published, key=cost)


def serve_aggregate(decision: Decision, members: Iterable[int]) -> float | None:
    """An ad-hoc aggregate (a sum of atoms) as it may be served: its value when it follows from
    what is already published (so it adds nothing), else None (suppressed)."""
    atoms = set(members)
    if not derivable_query(decision.table, decision.suppressed, atoms):
        return None
    by_atom = _atom_values(decision.table)
    return float(sum(by_atom[a] for a in atoms)) if by_atom is not None else None


def _atom_values(table: Table) -> dict[int, float] | None:
    singles = {next(iter(c.members)): c.value for c in table.cells if len(c.members) == 1}
    return singles if len(singles) == table.atoms else None


# --- building tables ----------------------------------------------------------------------------


def cross_table(
    values: Mapping[tuple[str, str], float],
    *,
    units: Sequence[str],
    categories: Sequence[str],
    unit_groups: Mapping[str, Sequence[str]] | None = None,
    total: str | None = "total",
    sensitive: Callable[[float], bool] | None = None,
    insiders: bool = False,
) -> Table:
    """A unit × category table with its margins: a total per unit (when `total` names it), and a
    cell per unit group (regions, kommunegrupper, the country: overlapping groups are fine) for
    every category and the total. `values[(unit, category)]` are the atoms; every served cell's
    value is computed from them, so the table always adds up. With `insiders`, each unit knows
    its own row and must not recompute anyone else's suppressed cells from it."""
    groups = dict(unit_groups or {})
    atom = {(u, c): k for k, (u, c) in enumerate(itertools.product(units, categories))}
    cols: list[tuple[str, list[str]]] = [(c, [c]) for c in categories]
    if total is not None:
        cols.append((total, list(categories)))
    rows: list[tuple[str, list[str]]] = [(u, [u]) for u in units]
    rows += [(g, list(members)) for g, members in groups.items()]
    cells: list[Cell] = []
    index: dict[tuple[str, str], int] = {}
    for (r, r_units), (c, c_cats) in itertools.product(rows, cols):
        members = frozenset(atom[(u, cat)] for u in r_units for cat in c_cats)
        value = float(sum(values.get((u, cat), 0.0) for u in r_units for cat in c_cats))
        index[(r, c)] = len(cells)
        cells.append(Cell((r, c), members, value, bool(sensitive and sensitive(value))))
    relations: list[tuple[int, list[int]]] = []
    if total is not None:
        for r, _ in rows:
            relations.append((index[(r, total)], [index[(r, c)] for c in categories]))
    unit_rows = set(units)
    for g, in_group in groups.items():
        for c, _ in cols:
            relations.append((index[(g, c)], [index[(u, c)] for u in in_group if u in unit_rows]))
        # A group that other groups partition exactly (the country = its regions) is a relation.
        inner = [h for h, hm in groups.items() if h != g and set(hm) <= set(in_group)]
        for family in _partitions(set(in_group), {h: set(groups[h]) for h in inner}):
            for c, _ in cols:
                relations.append((index[(g, c)], [index[(h, c)] for h in family]))
    known = [frozenset(atom[(u, c)] for c in categories) for u in units] if insiders else []
    return Table(cells, len(atom), relations, known)


def _partitions(whole: set[str], parts: Mapping[str, set[str]]) -> list[list[str]]:
    """Families of disjoint groups that together make up `whole` exactly (greedy, by name)."""
    found: list[list[str]] = []
    used: set[str] = set()
    for name in sorted(parts):
        if name in used:
            continue
        family, covered = [name], set(parts[name])
        for other in sorted(parts):
            if other not in family and not (parts[other] & covered):
                family.append(other)
                covered |= parts[other]
        if covered == whole and len(family) > 1:
            found.append(family)
            used.update(family)
    return found
