"""Scoring: from one group's answers to the numbers each instrument reports.

Pure functions over answer maps (slot key → value, None for "don't know"; an unanswered question
is absent), so every rule can be checked against a hand-computed fixture. The thresholds below are
the ones docs/survey.md documents; change them there too.

Rules that hold for every kind:
- A respondent's scale score is the mean of the items they answered, and exists only when they
  answered at least two thirds of the scale's items ("don't know" is not an answer to score).
- A group's result is the mean of its respondents' scale scores.
- Knoster elements are never averaged into one number: the headline is the weakest element.
- Maturity has no total: the heatmap is the result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from faelled.survey import stats
from faelled.survey.instruments import CHANGE_TYPES, ChangeType, Instrument, Item, Text

Answers = Mapping[str, int | None]
Status = Literal["present", "at_risk", "missing", "unknown"]

# Knoster element status from the group's mean element score (1–5) and its dissent.
PRESENT_FROM = 3.5  # mean ≥ 3.5 leans clearly to agreement
MISSING_BELOW = 2.5  # mean < 2.5 leans clearly to disagreement
DISAGREE_BELOW = 2.5  # a respondent whose element score is below 2.5 disagrees
DISSENT_SHARE = 0.25  # when a quarter or more disagree, the element is at risk whatever the mean
# Core needs: threatened when the group leans to disagreement, or a quarter or more disagree.
THREATENED_BELOW = 3.0
SYMPTOM_AGREE_FROM = 4  # "agree" or "strongly agree" on a five-point scale


def enough(answered: int, total: int) -> bool:
    """At least two thirds of a scale's items answered (integer arithmetic: no rounding)."""
    return 3 * answered >= 2 * total


def respondent_score(
    answers: Answers, items: Sequence[Item], max_value: int, aspect: str | None = None
) -> float | None:
    values: list[float] = []
    for item in items:
        v = answers.get(item.id if aspect is None else f"{item.id}.{aspect}")
        if v is not None:
            values.append(max_value + 1 - v if item.reverse else v)
    return stats.mean(values) if values and enough(len(values), len(items)) else None


@dataclass(slots=True)
class ScaleResult:
    scale: str
    n: int  # respondents with a score
    mean: float | None
    sd: float | None
    disagree: float | None  # share of scored respondents below DISAGREE_BELOW
    dont_know: float | None  # share of the scale's given answers that were "don't know"
    scores: list[float] = field(default_factory=list, repr=False)


def scale_result(
    group: Sequence[Answers], instrument: Instrument, scale_id: str, aspect: str | None = None
) -> ScaleResult:
    scale = instrument.scale(scale_id)
    scores: list[float] = []
    given = dont_know = 0
    for answers in group:
        s = respondent_score(answers, scale.items, instrument.item_max(scale.items[0]), aspect)
        if s is not None:
            scores.append(s)
        for item in scale.items:
            key = item.id if aspect is None else f"{item.id}.{aspect}"
            if key in answers:
                given += 1
                dont_know += answers[key] is None
    return ScaleResult(
        scale=scale_id,
        n=len(scores),
        mean=stats.mean(scores) if scores else None,
        sd=stats.sd(scores),
        disagree=sum(s < DISAGREE_BELOW for s in scores) / len(scores) if scores else None,
        dont_know=dont_know / given if given else None,
        scores=scores,
    )


# --- Knoster -------------------------------------------------------------------------------------


def knoster_status(mean: float | None, disagree: float | None) -> Status:
    if mean is None:
        return "unknown"
    if mean < MISSING_BELOW:
        return "missing"
    if mean >= PRESENT_FROM and (disagree or 0.0) < DISSENT_SHARE:
        return "present"
    return "at_risk"


@dataclass(frozen=True, slots=True)
class Headline:
    element: str | None  # None when every element is present
    status: Status
    effect: Text  # the predicted effect, or the instrument's outcome ("Forandring")


_SEVERITY = {"missing": 0, "at_risk": 1}


def knoster_headline(
    instrument: Instrument, elements: Mapping[str, tuple[Status, float | None]]
) -> Headline | None:
    """The weakest element and what its absence predicts; all present → the outcome.

    Weakest: a missing element before an at-risk one, then the lower mean, then the checklist's
    order (vision first: without it the later elements have nothing to aim at). Elements without a
    result (too few answers or suppressed) take no part; with none left there is no headline."""
    known = {k: v for k, v in elements.items() if v[0] != "unknown"}
    if not known:
        return None
    weak = [
        (_SEVERITY[status], m if m is not None else 0.0, n, s.id)
        for n, s in enumerate(instrument.scales)
        if s.id in known
        for status, m in [known[s.id]]
        if status != "present"
    ]
    if not weak:
        assert instrument.outcome is not None  # validated for knoster
        return Headline(None, "present", instrument.outcome)
    *_, element = min(weak)
    scale = instrument.scale(element)
    assert scale.effect is not None  # validated for knoster
    return Headline(element, known[element][0], scale.effect)


def symptom_share(group: Sequence[Answers], symptom_id: str) -> tuple[float, int] | None:
    """The share of those who answered a symptom item who agree, and how many answered."""
    answered = [v for a in group if (v := a.get(symptom_id)) is not None]
    if not answered:
        return None
    return sum(v >= SYMPTOM_AGREE_FROM for v in answered) / len(answered), len(answered)


# --- core needs ----------------------------------------------------------------------------------


def is_threatened(result: ScaleResult) -> bool | None:
    if result.mean is None:
        return None
    return result.mean < THREATENED_BELOW or (result.disagree or 0.0) >= DISSENT_SHARE


# --- mindset -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Arrow:
    quadrant: str
    n: int  # respondents with both a today and a desired score
    today: float | None
    desired: float | None
    gap: float | None  # desired − today: the distance the change must travel
    today_scores: list[float] = field(default_factory=list, repr=False)


def mindset_arrow(group: Sequence[Answers], instrument: Instrument, quadrant: str) -> Arrow:
    scale = instrument.scale(quadrant)
    top = instrument.points or 5
    today: list[float] = []
    desired: list[float] = []
    for answers in group:
        t = respondent_score(answers, scale.items, top, "today")
        d = respondent_score(answers, scale.items, top, "desired")
        if t is not None and d is not None:  # an arrow needs both ends from the same person
            today.append(t)
            desired.append(d)
    if not today:
        return Arrow(quadrant, 0, None, None, None)
    mt, md = stats.mean(today), stats.mean(desired)
    return Arrow(quadrant, len(today), mt, md, md - mt, today)


# --- maturity ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Cell:
    item: str
    topic: str
    theme: str
    n: int
    median: float | None
    notes: list[str] = field(default_factory=list)


def maturity_cell(
    group: Sequence[Answers],
    notes: Sequence[Mapping[str, str]],
    instrument: Instrument,
    item_id: str,
) -> Cell:
    """One row (topic × theme): the median level chosen. Levels are ordered categories, not
    measurements, so the median rather than the mean. Evidence notes come along, sorted so their
    order says nothing about who wrote which."""
    topic = next(s for s in instrument.scales if any(i.id == item_id for i in s.items))
    item = next(i for i in topic.items if i.id == item_id)
    assert item.theme is not None  # validated for maturity
    levels = [float(v) for a in group if (v := a.get(item_id)) is not None]
    texts = sorted(t.strip() for n in notes if (t := n.get(item_id, "")).strip())
    median = stats.median(levels) if levels else None
    return Cell(item_id, topic.id, item.theme, len(levels), median, texts)


# --- type of change ------------------------------------------------------------------------------


def _largest_of_most(counts: Counter[ChangeType]) -> ChangeType | None:
    """The type named most often; a tie goes to the larger change, because treating a
    transformational change as a transitional one is the costlier mistake."""
    if not counts:
        return None
    top = max(counts.values())
    return max((t for t in counts if counts[t] == top), key=CHANGE_TYPES.index)


def respondent_type(answers: Answers, instrument: Instrument) -> ChangeType | None:
    items = [i for s in instrument.scales for i in s.items]
    named: Counter[ChangeType] = Counter()
    for item in items:
        v = answers.get(item.id)
        if v is not None and item.options and 1 <= v <= len(item.options):
            named[item.options[v - 1].type] += 1
    if not enough(sum(named.values()), len(items)):
        return None
    return _largest_of_most(named)


@dataclass(slots=True)
class TypeResult:
    n: int
    counts: dict[ChangeType, int]
    type: ChangeType | None


def change_type(group: Sequence[Answers], instrument: Instrument) -> TypeResult:
    types = [t for a in group if (t := respondent_type(a, instrument)) is not None]
    counts: Counter[ChangeType] = Counter(types)
    return TypeResult(len(types), {t: counts[t] for t in CHANGE_TYPES}, _largest_of_most(counts))


# --- reliability ---------------------------------------------------------------------------------


def scale_alpha(
    group: Sequence[Answers], instrument: Instrument, scale_id: str, aspect: str | None = None
) -> tuple[float | None, int]:
    """Cronbach's α of one scale over respondents who answered every item, and their number."""
    scale = instrument.scale(scale_id)
    top = instrument.item_max(scale.items[0])
    rows: list[list[float]] = []
    for answers in group:
        row = []
        for item in scale.items:
            v = answers.get(item.id if aspect is None else f"{item.id}.{aspect}")
            if v is None:
                break
            row.append(float(top + 1 - v if item.reverse else v))
        else:
            rows.append(row)
    return stats.cronbach_alpha(rows), len(rows)
