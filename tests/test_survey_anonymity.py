"""Minimum 5 respondents, and complementary protection: no small group can be recovered by
adding and subtracting the groups that are shown."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from faelled.privacy import MIN_RESPONDENTS
from faelled.survey.anonymity import Tree, protect, residual

ROOT = "_all"


def tree(**parents: str) -> Tree:
    return Tree(parents, ROOT)


def test_a_group_below_five_is_hidden_and_five_is_shown() -> None:
    t = tree(a="_all", b="_all")
    assert protect(t, {"a": 5, "b": 5}) == set()
    hidden = protect(t, {"a": 4, "b": 9})
    # a has 4; b is hidden too, or a = whole − b
    assert hidden == {"a", "b"}


def test_the_smallest_shown_sibling_is_the_one_hidden_with_it() -> None:
    t = tree(a="_all", b="_all", c="_all")
    assert protect(t, {"a": 3, "b": 6, "c": 7}) == {"a", "b"}


def test_respondents_attached_to_a_parent_are_protected_too() -> None:
    # 2 people answer as "the department" itself, 5 and 6 in its two teams: department − teams
    # would give the 2, so one team is hidden.
    t = tree(dept="_all", team1="dept", team2="dept")
    hidden = protect(t, {"dept": 2, "team1": 5, "team2": 6})
    assert hidden == {"team1"}
    assert residual(t, t.totals({"dept": 2, "team1": 5, "team2": 6}), "dept", hidden) == 7


def test_hiding_reaches_below_a_hidden_group() -> None:
    # root 20 = a 3 + b 17; b = b1 16 + b2 1. Hiding a alone leaves root − b = 3; hiding b too
    # leaves root − b1 = 4 (a and b2 together): still too small, so b1 goes as well.
    t = tree(a="_all", b="_all", b1="b", b2="b")
    direct = {"a": 3, "b1": 16, "b2": 1}
    hidden = protect(t, direct)
    assert {"a", "b2"} <= hidden
    totals = t.totals(direct)
    for node in t.nodes:
        if node not in hidden:
            r = residual(t, totals, node, hidden)
            assert r == 0 or r >= MIN_RESPONDENTS, (node, r)


def test_an_empty_unit_is_not_shown_and_protects_nothing() -> None:
    t = tree(a="_all", b="_all")
    assert protect(t, {"a": 0, "b": 8}) == {"a"}


def test_groups_already_hidden_stay_hidden() -> None:
    t = tree(a="_all", b="_all", c="_all")
    # a is hidden for the whole group (say, by respondent counts); a measure with 6 answers in a
    # does not bring it back, and root − c − b stays at 6.
    assert protect(t, {"a": 6, "b": 6, "c": 6}, hidden={"a"}) == {"a"}
    # with only 2 answers in b, b goes too; root − c = a + b = 8 is fine
    assert protect(t, {"a": 6, "b": 2, "c": 6}, hidden={"a"}) == {"a", "b"}


def test_a_cycle_in_the_hierarchy_is_an_error() -> None:
    import pytest

    with pytest.raises(ValueError, match="cycle"):
        Tree({"a": "b", "b": "a"}, ROOT)


# --- the attacker's view -------------------------------------------------------------------------


def derivable_sizes(t: Tree, direct: dict[str, int], hidden: set[str]) -> list[int]:
    """Sizes of every group of respondents an onlooker can isolate by adding and subtracting
    shown groups (coefficients −1, 0, +1 — enough for nested groups)."""
    atoms = [n for n in t.nodes if direct.get(n, 0) > 0]
    shown = [n for n in t.nodes if n not in hidden]
    members = {n: {n, *t.descendants(n)} for n in t.nodes}
    sizes = []
    for coefs in itertools.product((-1, 0, 1), repeat=len(shown)):
        if not any(coefs):
            continue
        weight = {
            a: sum(c for c, n in zip(coefs, shown, strict=True) if a in members[n]) for a in atoms
        }
        if all(w in (0, 1) for w in weight.values()):
            sizes.append(sum(direct[a] for a in atoms if weight[a] == 1))
    return sizes


@st.composite
def hierarchies(draw: st.DrawFn) -> tuple[Tree, dict[str, int]]:
    n = draw(st.integers(min_value=1, max_value=6))
    nodes = [ROOT] + [f"u{i}" for i in range(n)]
    parents = {nodes[i]: nodes[draw(st.integers(0, i - 1))] for i in range(1, n + 1)}
    direct = {node: draw(st.integers(0, 9)) for node in nodes[1:]}
    return Tree(parents, ROOT), direct


@settings(max_examples=300, deadline=None)
@given(hierarchies())
def test_no_group_below_five_can_be_derived(case: tuple[Tree, dict[str, int]]) -> None:
    t, direct = case
    hidden = protect(t, direct)
    totals = t.totals(direct)
    for node in t.nodes:
        if node not in hidden:
            assert totals[node] >= MIN_RESPONDENTS
    for size in derivable_sizes(t, direct, hidden):
        assert size == 0 or size >= MIN_RESPONDENTS, (direct, t.parent, hidden, size)
    # Protection never costs the whole initiative's result when it has enough respondents.
    assert (ROOT in hidden) == (totals[ROOT] < MIN_RESPONDENTS)


def test_the_attack_finds_what_primary_suppression_alone_leaves_open() -> None:
    # The check above can fail: hiding only the small group leaves it derivable.
    t = tree(a="_all", b="_all")
    assert 4 in derivable_sizes(t, {"a": 4, "b": 9}, hidden={"a"})
