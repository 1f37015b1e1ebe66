"""An initiative's results for one round: scored, protected, compared with the round before.

This is the one data function behind `faelled survey results`, the results page and its JSON twin.
Results are table-shaped lists (one row per group × element, need, quadrant, …) so the CLI, the
charts and the tests read them the same way. A suppressed row keeps its keys with null values and
`"suppressed": true`.

Scoring happens in Python over the answers read through Ibis: a survey round is hundreds of
respondents, and the respondent-level rules (two thirds answered, the dissent share, the type most
answers point to) read plainly here and are checked against hand-computed fixtures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, TypeVar

from faelled.engine.database import Database
from faelled.privacy.suppression import MIN_RESPONDENTS
from faelled.reference import reference
from faelled.survey import scoring, stats
from faelled.survey.anonymity import Tree, protect
from faelled.survey.commons import quality_by_unit
from faelled.survey.instruments import CHANGE_TYPES, Catalog, Instrument
from faelled.survey.model import ROOT, Initiative, Response, Round
from faelled.survey.store import (
    RoundCounts,
    get_initiative,
    get_round,
    initiatives,
    load_responses,
    round_counts,
    rounds,
)

T = TypeVar("T")


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


@dataclass
class _Round:
    """One round's responses arranged by group, with the group-level protection applied."""

    ini: Initiative
    rnd: Round
    tree: Tree
    members: dict[str, list[Response]]  # group → everyone in it (its subtree)
    direct: dict[str, list[Response]]  # group → respondents attached to it directly
    hidden: set[str]  # groups that may not be shown at all
    measures: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def build(cls, ini: Initiative, rnd: Round, responses: Sequence[Response]) -> _Round:
        tree = Tree(ini.parents(), ROOT)
        direct: dict[str, list[Response]] = defaultdict(list)
        for r in responses:
            direct[r.unit if r.unit in tree.parent else ROOT].append(r)
        members = {
            n: [r for g in [n, *tree.descendants(n)] for r in direct.get(g, [])] for n in tree.nodes
        }
        hidden = protect(tree, {n: len(rs) for n, rs in direct.items()})
        return cls(ini, rnd, tree, members, dict(direct), hidden)

    def measure(
        self,
        key: tuple[str, ...],
        counts: Callable[[Response], bool],
        compute: Callable[[list[Response]], T],
    ) -> dict[str, T | None]:
        """A result per group, None where this measure must be hidden: fewer than the minimum
        respondents with a result for it, or a small residual (see anonymity.py)."""
        direct_n = {n: sum(counts(r) for r in rs) for n, rs in self.direct.items()}
        hidden = protect(self.tree, direct_n, hidden=self.hidden)
        out = {n: None if n in hidden else compute(self.members[n]) for n in self.tree.nodes}
        self.measures[key] = out
        return out


def _scored(
    instrument: Instrument, scale_id: str, aspect: str | None = None
) -> Callable[[Response], bool]:
    scale = instrument.scale(scale_id)
    top = instrument.item_max(scale.items[0])

    def has_score(r: Response) -> bool:
        return scoring.respondent_score(r.of(instrument.id), scale.items, top, aspect) is not None

    return has_score


def _answers(group: list[Response], instrument: Instrument) -> list[dict[str, int | None]]:
    return [dict(r.of(instrument.id)) for r in group]


# Results per group and what counts towards a measure's n, as partials (typed, unlike lambdas).


def _answered(instrument_id: str, key: str, r: Response) -> bool:
    return r.of(instrument_id).get(key) is not None


def _scale(ins: Instrument, scale_id: str, g: list[Response]) -> scoring.ScaleResult:
    return scoring.scale_result(_answers(g, ins), ins, scale_id)


def _symptom(ins: Instrument, symptom_id: str, g: list[Response]) -> tuple[float, int] | None:
    return scoring.symptom_share(_answers(g, ins), symptom_id)


def _both_ends(ins: Instrument, scale_id: str, r: Response) -> bool:
    return _scored(ins, scale_id, "today")(r) and _scored(ins, scale_id, "desired")(r)


def _arrow(ins: Instrument, scale_id: str, g: list[Response]) -> scoring.Arrow:
    return scoring.mindset_arrow(_answers(g, ins), ins, scale_id)


def _cell(ins: Instrument, item_id: str, g: list[Response]) -> scoring.Cell:
    return scoring.maturity_cell(
        _answers(g, ins), [r.notes.get(ins.id, {}) for r in g], ins, item_id
    )


def _typed(ins: Instrument, r: Response) -> bool:
    return scoring.respondent_type(r.of(ins.id), ins) is not None


def _types(ins: Instrument, g: list[Response]) -> scoring.TypeResult:
    return scoring.change_type(_answers(g, ins), ins)


# --- per kind ------------------------------------------------------------------------------------


def _knoster(rd: _Round, ins: Instrument, lang: str) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    by_group: dict[str, dict[str, tuple[scoring.Status, float | None]]] = defaultdict(dict)
    for scale in ins.scales:
        res = rd.measure(
            (ins.id, scale.id),
            _scored(ins, scale.id),
            partial(_scale, ins, scale.id),
        )
        for group, r in res.items():
            status = "unknown" if r is None else scoring.knoster_status(r.mean, r.disagree)
            by_group[group][scale.id] = (status, None if r is None else r.mean)
            rows.append(
                {
                    "group": group,
                    "element": scale.id,
                    "mean": _r(r.mean) if r else None,
                    "n": r.n if r else None,
                    "sd": _r(r.sd) if r else None,
                    "disagree": _r(r.disagree) if r else None,
                    "dont_know": _r(r.dont_know) if r else None,
                    "status": status,
                    "suppressed": r is None,
                }
            )
    headlines = []
    for group in rd.tree.nodes:
        h = scoring.knoster_headline(ins, by_group[group])
        headlines.append(
            {
                "group": group,
                "element": h.element if h else None,
                "status": h.status if h else "unknown",
                "effect": h.effect(lang) if h else None,
            }
        )
    symptoms = []
    for sym in ins.symptoms:
        res_s = rd.measure(
            (ins.id, "symptom", sym.id),
            partial(_answered, ins.id, sym.id),
            partial(_symptom, ins, sym.id),
        )
        for group, share in res_s.items():
            symptoms.append(
                {
                    "group": group,
                    "symptom": sym.id,
                    "signals": sym.signals,
                    "text": sym.text(lang),
                    "agree": _r(share[0]) if share else None,
                    "n": share[1] if share else None,
                    "suppressed": share is None,
                }
            )
    return {
        "elements": [
            {"id": s.id, "title": s.title(lang), "effect": s.effect(lang) if s.effect else None}
            for s in ins.scales
        ],
        "outcome": ins.outcome(lang) if ins.outcome else None,
        "results": rows,
        "headlines": headlines,
        "symptoms": symptoms,
    }


def _needs(rd: _Round, ins: Instrument, lang: str) -> dict[str, Any]:
    rows = []
    for scale in ins.scales:
        res = rd.measure(
            (ins.id, scale.id),
            _scored(ins, scale.id),
            partial(_scale, ins, scale.id),
        )
        for group, r in res.items():
            rows.append(
                {
                    "group": group,
                    "need": scale.id,
                    "mean": _r(r.mean) if r else None,
                    "n": r.n if r else None,
                    "disagree": _r(r.disagree) if r else None,
                    "threatened": scoring.is_threatened(r) if r else None,
                    "suppressed": r is None,
                }
            )
    return {"needs": [{"id": s.id, "title": s.title(lang)} for s in ins.scales], "results": rows}


def _mindset(rd: _Round, ins: Instrument, lang: str) -> dict[str, Any]:
    rows = []
    for scale in ins.scales:
        res = rd.measure(
            (ins.id, scale.id),
            partial(_both_ends, ins, scale.id),
            partial(_arrow, ins, scale.id),
        )
        for group, a in res.items():
            rows.append(
                {
                    "group": group,
                    "quadrant": scale.id,
                    "today": _r(a.today) if a else None,
                    "desired": _r(a.desired) if a else None,
                    "gap": _r(a.gap) if a else None,
                    "n": a.n if a else None,
                    "suppressed": a is None,
                }
            )
    return {
        "quadrants": [{"id": s.id, "title": s.title(lang)} for s in ins.scales],
        "points": ins.points,
        "results": rows,
    }


def _maturity(rd: _Round, ins: Instrument, lang: str) -> dict[str, Any]:
    rows = []
    for topic in ins.scales:
        for item in topic.items:
            res = rd.measure(
                (ins.id, item.id),
                partial(_answered, ins.id, item.id),
                partial(_cell, ins, item.id),
            )
            for group, cell in res.items():
                rows.append(
                    {
                        "group": group,
                        "item": item.id,
                        "topic": topic.id,
                        "theme": item.theme,
                        "median": cell.median if cell else None,
                        "level": ins.levels[int(cell.median + 0.5) - 1](lang)
                        if cell and cell.median
                        else None,
                        "n": cell.n if cell else None,
                        "notes": cell.notes if cell else [],
                        "suppressed": cell is None,
                    }
                )
    return {
        "topics": [{"id": s.id, "title": s.title(lang)} for s in ins.scales],
        "themes": [{"id": t.id, "title": t.title(lang)} for t in ins.themes],
        "levels": [lv(lang) for lv in ins.levels],
        "results": rows,
    }


def _change_type(rd: _Round, ins: Instrument) -> dict[str, Any]:
    res = rd.measure(
        (ins.id,),
        partial(_typed, ins),
        partial(_types, ins),
    )
    rows = [
        {
            "group": group,
            "n": t.n if t else None,
            **{k: (t.counts[k] if t else None) for k in CHANGE_TYPES},
            "type": t.type if t else None,
            "suppressed": t is None,
        }
        for group, t in res.items()
    ]
    return {"results": rows}


def _reliability(rd: _Round, ins: Instrument) -> list[dict[str, Any]]:
    """Cronbach's α per scale for the whole initiative (when it may be shown at all)."""
    if ROOT in rd.hidden or ins.kind in ("maturity", "changetype"):
        return []  # maturity rows and change-type questions are not meant to form scales
    group = _answers(rd.members[ROOT], ins)
    aspects: list[str | None] = ["today", "desired"] if ins.kind == "mindset" else [None]
    out = []
    for scale in ins.scales:
        if len(scale.items) < 2:
            continue
        for aspect in aspects:
            alpha, n = scoring.scale_alpha(group, ins, scale.id, aspect)
            out.append(
                {
                    "instrument": ins.id,
                    "scale": scale.id,
                    "aspect": aspect,
                    "alpha": _r(alpha),
                    "n": n,
                }
            )
    return out


# --- the learning loop ---------------------------------------------------------------------------


def _changes(now: _Round, before: _Round, catalog: Catalog) -> list[dict[str, Any]]:
    """Change per Knoster element and core need between two rounds, with Welch's 95 % interval.

    A warning sign is a clear decline (the whole interval below zero) or a Knoster element whose
    status got worse. Only groups and measures shown in both rounds take part."""
    out = []
    kinds = {i: catalog.get(i, v).kind for i, v in now.rnd.instruments}
    for key, current in now.measures.items():
        if (
            len(key) != 2
            or kinds.get(key[0]) not in ("knoster", "needs")
            or key not in before.measures
        ):
            continue
        previous = before.measures[key]
        for group in now.tree.nodes:
            a, b = previous.get(group), current.get(group)
            if not isinstance(a, scoring.ScaleResult) or not isinstance(b, scoring.ScaleResult):
                continue
            d = stats.welch(a.scores, b.scores)
            if d is None:
                continue
            status_a = scoring.knoster_status(a.mean, a.disagree)
            status_b = scoring.knoster_status(b.mean, b.disagree)
            worse = kinds[key[0]] == "knoster" and _RANK[status_b] < _RANK[status_a]
            out.append(
                {
                    "group": group,
                    "instrument": key[0],
                    "scale": key[1],
                    "before": _r(d.before),
                    "after": _r(d.after),
                    "diff": _r(d.diff),
                    "low": _r(d.low),
                    "high": _r(d.high),
                    "n_before": d.n_before,
                    "n_after": d.n_after,
                    "status_before": status_a if kinds[key[0]] == "knoster" else None,
                    "status_after": status_b if kinds[key[0]] == "knoster" else None,
                    "declined": d.high < 0,
                    "warning": d.high < 0 or worse,
                }
            )
    return out


_RANK = {"missing": 0, "at_risk": 1, "present": 2, "unknown": 1}


# --- the whole page ------------------------------------------------------------------------------


def _groups(rd: _Round) -> list[dict[str, Any]]:
    """Groups in tree order (root, then each unit followed by its sub-units)."""
    out: list[dict[str, Any]] = []
    names = {u.id: u.name for u in rd.ini.units} | {ROOT: rd.ini.title}

    def walk(node: str, depth: int) -> None:
        hidden = node in rd.hidden
        size = len(rd.members[node])
        out.append(
            {
                "id": node,
                "name": names[node],
                "parent": rd.tree.parent.get(node),
                "depth": depth,
                "n": None if hidden else size,
                "suppressed": hidden,
                # Why a group is hidden: too few respondents, or hidden so that a smaller group
                # cannot be found by subtraction (complementary protection).
                "reason": None
                if not hidden
                else ("too_few" if size < MIN_RESPONDENTS else "protects_other"),
            }
        )
        order = {u.id: n for n, u in enumerate(rd.ini.units)}
        for child in sorted(rd.tree.children.get(node, []), key=order.__getitem__):
            walk(child, depth + 1)

    walk(ROOT, 0)
    return out


def _municipality(ini: Initiative) -> dict[str, str] | None:
    if not ini.municipality:
        return None
    m = reference().municipality(ini.municipality)
    return {"code": m.code, "name": m.name}


def _round_row(r: Round, counts: dict[tuple[str, int], RoundCounts], today: date) -> dict[str, Any]:
    c = counts.get((r.initiative, r.number))
    return {
        "round": r.number,
        "title": r.title,
        "opens": r.opens.isoformat(),
        "closes": r.closes.isoformat(),
        "open": r.is_open(today),
        "links": c.links if c else 0,
        "responses": c.responses if c else 0,
    }


def overview(db: Database, today: date | None = None) -> dict[str, Any]:
    """Every initiative with its rounds and response counts (the list page and `survey list`)."""
    today = today or date.today()
    counts = round_counts(db)
    values = [
        {
            "id": ini.id,
            "title": ini.title,
            "description": ini.description,
            "municipality": _municipality(ini),
            "instruments": list(ini.instruments),
            "units": len(ini.units),
            "rounds": [_round_row(r, counts, today) for r in rounds(db, ini.id)],
        }
        for ini in initiatives(db)
    ]
    return {"values": values, "count": len(values)}


def initiative_results(
    db: Database,
    catalog: Catalog,
    initiative_id: str,
    round_number: int | None = None,
    *,
    lang: str = "da",
    today: date | None = None,
) -> dict[str, Any]:
    today = today or date.today()
    ini = get_initiative(db, initiative_id)
    rnd = get_round(db, initiative_id, round_number)
    all_rounds = rounds(db, initiative_id)
    counts = round_counts(db)
    now = _Round.build(ini, rnd, load_responses(db, ini.id, rnd.number))
    earlier = [r for r in all_rounds if r.number < rnd.number]
    before = (
        _Round.build(ini, earlier[-1], load_responses(db, ini.id, earlier[-1].number))
        if earlier
        else None
    )
    sections: dict[str, Any] = {
        "knoster": None,
        "needs": None,
        "mindset": None,
        "maturity": None,
        "change_type": None,
    }
    reliability: list[dict[str, Any]] = []
    used = []
    for rd in [before, now] if before else [now]:
        for instrument_id, version in rd.rnd.instruments:
            ins = catalog.get(instrument_id, version)
            if ins.kind == "knoster":
                section = _knoster(rd, ins, lang)
            elif ins.kind == "needs":
                section = _needs(rd, ins, lang)
            elif ins.kind == "mindset":
                section = _mindset(rd, ins, lang)
            elif ins.kind == "maturity":
                section = _maturity(rd, ins, lang)
            else:
                section = _change_type(rd, ins)
            if rd is now:
                sections["change_type" if ins.kind == "changetype" else ins.kind] = section
                reliability += _reliability(rd, ins)
                used.append(
                    {
                        "id": ins.id,
                        "version": ins.version,
                        "kind": ins.kind,
                        "title": ins.title(lang),
                    }
                )
    changes = _changes(now, before, catalog) if before else []

    return {
        "initiative": {
            "id": ini.id,
            "title": ini.title,
            "description": ini.description,
            "municipality": _municipality(ini),
            "instruments": list(ini.instruments),
        },
        "units": [
            {"id": u.id, "name": u.name, "parent": u.parent, "datasets": list(u.datasets)}
            for u in ini.units
        ],
        "rounds": [_round_row(r, counts, today) for r in all_rounds],
        "round": _round_row(rnd, counts, today),
        "compared_with": before.rnd.number if before else None,
        "min_respondents": MIN_RESPONDENTS,
        "groups": _groups(now),
        "instruments": used,
        **sections,
        "reliability": reliability,
        "changes": changes,
        "warnings": [c for c in changes if c["warning"]],
        "commons": quality_by_unit(db, ini),
    }
