"""Scoring against fixtures computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import pytest

from faelled.survey import scoring, stats
from faelled.survey.instruments import Instrument, catalog

A = pytest.approx


@pytest.fixture(scope="module")
def knoster() -> Instrument:
    return catalog().get("knoster", 1)


@pytest.fixture(scope="module")
def needs() -> Instrument:
    return catalog().get("needs", 1)


def likert(**elements: tuple[int | str | None, ...]) -> dict[str, int | None]:
    """Answers by element: values per item in order; None = don't know; "-" = not answered."""
    out: dict[str, int | None] = {}
    for element, values in elements.items():
        for n, v in enumerate(values, 1):
            if v != "-":
                out[f"{element}{n}"] = v  # type: ignore[assignment]
    return out


# Five respondents; each element's score is the mean of the items answered (≥ 2 of 3).
KNOSTER = [
    likert(  # 4.333, 2.333, 4.0 (one DK), 1.5 (one unanswered), 3.0, 4.333
        vision=(5, 4, 4),
        consensus=(2, 2, 3),
        skills=(4, 4, None),
        incentives=(1, 2, "-"),
        resources=(3, 3, 3),
        actionplan=(4, 5, 4),
    ),
    likert(  # 4.0, 3.0, no skills score (only 1 of 3 answered), 2.0, 3.333, 4.0
        vision=(4, 4, 4),
        consensus=(3, 3, 3),
        skills=(4, None, None),
        incentives=(2, 2, 2),
        resources=(3, 4, 3),
        actionplan=(4, 4, 4),
    ),
    likert(  # 4.667, 1.667, 4.333, 2.333, 2.667, 4.333
        vision=(5, 5, 4),
        consensus=(2, 1, 2),
        skills=(5, 4, 4),
        incentives=(2, 3, 2),
        resources=(2, 3, 3),
        actionplan=(5, 4, 4),
    ),
    likert(  # 3.667, 2.333, 3.667, 2.667, 3.667, 4.333
        vision=(4, 3, 4),
        consensus=(3, 2, 2),
        skills=(3, 4, 4),
        incentives=(3, 3, 2),
        resources=(4, 4, 3),
        actionplan=(4, 4, 5),
    ),
    likert(  # 3.667, 2.0, 3.667, 1.667, 3.333, 3.0
        vision=(3, 4, 4),
        consensus=(2, 2, 2),
        skills=(4, 3, 4),
        incentives=(2, 2, 1),
        resources=(3, 3, 4),
        actionplan=(2, 3, 4),
    ),
]


def test_two_thirds_of_the_items_make_a_scale_score(knoster: Instrument) -> None:
    items = knoster.scale("vision").items
    assert scoring.respondent_score({"vision1": 5, "vision2": 4}, items, 5) == A(4.5)
    assert scoring.respondent_score({"vision1": 5}, items, 5) is None  # 1 of 3
    # "Don't know" is not an answer to score.
    assert (
        scoring.respondent_score({"vision1": 5, "vision2": None, "vision3": None}, items, 5) is None
    )
    two_items = catalog().get("needs", 1).scale("safety").items
    assert scoring.respondent_score({"safety1": 4}, two_items, 5) is None  # 1 of 2 < 2/3
    assert scoring.enough(2, 3) and not scoring.enough(1, 2) and scoring.enough(4, 6)


def test_a_reversed_item_counts_from_the_other_end(knoster: Instrument) -> None:
    items = knoster.scale("vision").items
    flipped = [items[0].model_copy(update={"reverse": True}), *items[1:]]
    # 5 reversed on 1–5 is 1: (1 + 4 + 4) / 3 = 3.0
    assert scoring.respondent_score({"vision1": 5, "vision2": 4, "vision3": 4}, flipped, 5) == A(3)


def test_knoster_elements_by_hand(knoster: Instrument) -> None:
    got = {s.id: scoring.scale_result(KNOSTER, knoster, s.id) for s in knoster.scales}
    # vision: (4.333 + 4 + 4.667 + 3.667 + 3.667) / 5 = 20.333 / 5
    assert got["vision"].mean == A(20.333333 / 5) and got["vision"].n == 5
    # consensus: (2.333 + 3 + 1.667 + 2.333 + 2) / 5 = 11.333 / 5
    assert got["consensus"].mean == A(11.333333 / 5)
    # skills: respondent 2 has no score: (4 + 4.333 + 3.667 + 3.667) / 4
    assert got["skills"].mean == A(15.666667 / 4) and got["skills"].n == 4
    # 15 answers given to skills, 3 of them "don't know"
    assert got["skills"].dont_know == A(3 / 15)
    # incentives: (1.5 + 2 + 2.333 + 2.667 + 1.667) / 5; 14 answers given, none "don't know"
    assert got["incentives"].mean == A(10.166667 / 5) and got["incentives"].dont_know == 0
    assert got["resources"].mean == A(16 / 5)
    assert got["actionplan"].mean == A(20 / 5)
    # Respondents below 2.5 on consensus: 2.333, 1.667, 2.333, 2.0 → 4 of 5
    assert got["consensus"].disagree == A(4 / 5)
    status = {k: scoring.knoster_status(r.mean, r.disagree) for k, r in got.items()}
    assert status == {
        "vision": "present",  # 4.07
        "consensus": "missing",  # 2.27
        "skills": "present",  # 3.92
        "incentives": "missing",  # 2.03
        "resources": "at_risk",  # 3.20
        "actionplan": "present",  # 4.00
    }
    head = scoring.knoster_headline(knoster, {k: (status[k], got[k].mean) for k in status})
    # Two missing elements; incentives has the lower mean → resistance.
    assert head is not None and head.element == "incentives"
    assert (head.effect.da, head.effect.en) == ("Modstand", "Resistance")


@pytest.mark.parametrize(
    ("mean", "disagree", "status"),
    [
        (3.5, 0.0, "present"),
        (3.5, 0.24, "present"),
        (4.8, 0.25, "at_risk"),  # a quarter disagree: at risk whatever the mean
        (3.49, 0.0, "at_risk"),
        (2.5, 0.6, "at_risk"),
        (2.49, 0.0, "missing"),
        (None, None, "unknown"),
    ],
)
def test_knoster_thresholds(
    mean: float | None, disagree: float | None, status: scoring.Status
) -> None:
    assert scoring.knoster_status(mean, disagree) == status


def test_the_headline_is_the_weakest_element_and_never_an_average(knoster: Instrument) -> None:
    def head(**elements: tuple[scoring.Status, float | None]) -> tuple[str | None, str] | None:
        h = scoring.knoster_headline(knoster, elements)
        return None if h is None else (h.element, h.effect.da)

    present: tuple[scoring.Status, float] = ("present", 4.0)
    everything = {s.id: present for s in knoster.scales}
    assert head(**everything) == (None, "Forandring")
    # A missing element beats an at-risk one with a lower mean.
    assert head(**everything | {"vision": ("at_risk", 2.6), "resources": ("missing", 2.4)}) == (
        "resources",
        "Frustration",
    )
    # Equal means: the checklist's order decides (vision before action plan).
    assert head(**everything | {"vision": ("at_risk", 3.0), "actionplan": ("at_risk", 3.0)}) == (
        "vision",
        "Forvirring",
    )
    # Elements without a result take no part; with none there is no headline.
    assert head(**everything | {"skills": ("unknown", None)}) == (None, "Forandring")
    assert head(**{s.id: ("unknown", None) for s in knoster.scales}) is None
    effects = [s.effect.da for s in knoster.scales if s.effect]
    assert effects == ["Forvirring", "Sabotage", "Angst", "Modstand", "Frustration", "Stampe"]


def test_symptoms_share_agreeing() -> None:
    group: list[dict[str, int | None]] = [
        {"confusion": 5},
        {"confusion": 4},
        {"confusion": 2},
        {"confusion": None},
        {},
    ]
    # 3 answered (the "don't know" and the blank do not count), 2 agree
    assert scoring.symptom_share(group, "confusion") == (2 / 3, 3)
    assert scoring.symptom_share([{}], "confusion") is None


def test_core_needs_threatened_by_mean_or_dissent(needs: Instrument) -> None:
    group: list[dict[str, int | None]] = [
        {"safety1": 4, "safety2": 4, "inclusion1": 3, "inclusion2": 4, "status1": 2, "status2": 3},
        {"safety1": 2, "safety2": 2, "inclusion1": 3, "inclusion2": 3, "status1": 3, "status2": 3},
        {
            "safety1": 4,
            "safety2": None,
            "inclusion1": 4,
            "inclusion2": 4,
            "status1": 2,
            "status2": 4,
        },
        {"safety1": 5, "safety2": 4, "inclusion1": 3, "inclusion2": 3, "status1": 3, "status2": 2},
    ]
    safety = scoring.scale_result(group, needs, "safety")
    # (4 + 2 + 4.5) / 3 = 3.5 (respondent 3 has one of two); 1 of 3 below 2.5
    assert safety.mean == A(3.5) and safety.n == 3 and safety.disagree == A(1 / 3)
    assert scoring.is_threatened(safety) is True  # a third disagree, though the mean is 3.5
    inclusion = scoring.scale_result(group, needs, "inclusion")
    assert inclusion.mean == A((3.5 + 3 + 4 + 3) / 4) and scoring.is_threatened(inclusion) is False
    status = scoring.scale_result(group, needs, "status")
    # (2.5 + 3 + 3 + 2.5) / 4 = 2.75 < 3; nobody below 2.5
    assert status.mean == A(2.75) and status.disagree == 0
    assert scoring.is_threatened(status) is True


def test_mindset_arrow_from_today_to_desired() -> None:
    mindset = catalog().get("mindset", 1)

    def rated(
        today: tuple[int | None, ...], desired: tuple[int | None, ...]
    ) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for aspect, values in (("today", today), ("desired", desired)):
            out |= {f"mindset{n}.{aspect}": v for n, v in enumerate(values, 1)}
        return out

    group = [
        rated((2, 2, 3), (4, 5, 5)),  # today 7/3, desired 14/3
        rated((1, 2, None), (4, 4, 4)),  # today (1 + 2) / 2 with one "don't know", desired 4
        # no desired ratings: an arrow needs both ends, so this one takes no part
        rated((3, 3, 3), ()),
    ]
    arrow = scoring.mindset_arrow(group, mindset, "mindset")
    assert arrow.n == 2
    assert arrow.today == A((7 / 3 + 1.5) / 2)
    assert arrow.desired == A((14 / 3 + 4) / 2)
    assert arrow.gap == A((14 / 3 + 4) / 2 - (7 / 3 + 1.5) / 2)


def test_maturity_cell_is_the_median_level_with_sorted_notes() -> None:
    maturity = catalog().get("maturity", 1)
    group = [{"qualitylead": 1}, {"qualitylead": 2}, {"qualitylead": 2}, {"qualitylead": 5}]
    notes = [{"qualitylead": "Vi har dataejere."}, {}, {"qualitylead": " Alle tjekker. "}, {}]
    cell = scoring.maturity_cell(group, notes, maturity, "qualitylead")
    assert (cell.topic, cell.theme, cell.n, cell.median) == ("quality", "leadership", 4, 2.0)
    assert cell.notes == ["Alle tjekker.", "Vi har dataejere."]
    even = [{"sharingtools": v} for v in (1, 2, 3, 4)] + [{"sharingtools": None}]
    assert scoring.maturity_cell(even, [], maturity, "sharingtools").median == 2.5


def test_type_of_change_is_the_type_most_answers_point_to() -> None:
    ins = catalog().get("changetype", 1)
    # options are ordered developmental (1), transitional (2), transformational (3)
    assert scoring.respondent_type({"endstate": 3, "scope": 3, "steering": 2}, ins) == (
        "transformational"
    )
    # a tie between two types goes to the larger change
    assert scoring.respondent_type(
        {"endstate": 1, "scope": 2, "steering": 2, "mindshift": 1}, ins
    ) == ("transitional")
    # 2 of 4 answered (one "don't know") is less than two thirds
    assert scoring.respondent_type({"endstate": 1, "scope": 1, "steering": None}, ins) is None
    group = [
        {"endstate": 3, "scope": 3, "steering": 3, "mindshift": 3},
        {"endstate": 2, "scope": 2, "steering": 3, "mindshift": 2},
        {"endstate": 3, "scope": 3, "steering": 2},
        {"endstate": 1},
    ]
    result = scoring.change_type(group, ins)
    assert result.n == 3
    assert result.counts == {"developmental": 0, "transitional": 1, "transformational": 2}
    assert result.type == "transformational"


def test_cronbach_alpha_on_fixtures_with_known_answers() -> None:
    x = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
    # identical items: α = 2/1 · (1 − 2v / 4v) = 1
    assert stats.cronbach_alpha([[a, a] for a in x]) == A(1.0)
    # item variances 20/9 each; totals 2,4,6,8,10,6,6,6,6,6 have variance 40/9: α = 0
    y = [1, 2, 3, 4, 5, 5, 4, 3, 2, 1]
    assert stats.cronbach_alpha([[a, b] for a, b in zip(x, y, strict=True)]) == A(0.0)
    # perfectly opposed items: the total never varies, so α is undefined
    z = [6 - a for a in x]
    assert stats.cronbach_alpha([[a, b] for a, b in zip(x, z, strict=True)]) is None
    # too few complete answers
    assert stats.cronbach_alpha([[a, a] for a in x[:9]]) is None


def test_welch_interval_by_hand() -> None:
    d = stats.welch([1, 2, 3], [3, 4, 5])
    assert d is not None
    # variances 1 and 1; se = √(1/3 + 1/3) = 0.8165; df = (2/3)² / (2 · (1/3)² / 2) = 4;
    # t(0.975; 4) = 2.776 → half-width 2.2666
    assert d.diff == A(2.0)
    assert d.low == A(2 - 2.776 * 0.816497, abs=1e-4)
    assert d.high == A(2 + 2.776 * 0.816497, abs=1e-4)
    assert stats.welch([1], [2, 3]) is None
    # t between table rows, interpolated in 1/df: t(35) = 2.030
    assert stats.t975(35) == A(2.030, abs=0.001)
    assert stats.t975(1e9) == A(1.960, abs=0.001)
