"""Which groups' survey results may be shown: the minimum of 5 respondents, and complementary
protection so no small group can be recovered by subtracting its siblings from its parent.

Groups form a tree: the whole initiative at the root, then its units and their sub-units. A
respondent belongs to one unit; a unit's group is its own respondents plus everyone below it.

Why a per-node residual is enough. Every shown group is a subtree, and subtrees of one tree are
nested or disjoint. Anything an onlooker can compute by adding and subtracting shown groups is then
a union of *residuals*, where the residual of a shown group is its respondents minus those of the
nearest shown groups below it (its "maximal shown descendants"). So the rule is:

    every shown group has at least `minimum` respondents, and
    every shown group's residual is empty or has at least `minimum` respondents.

When a residual is too small, one more group below that node is hidden — the smallest one whose
hiding grows the residual — and the check runs again. Hiding never un-hides, so it ends. The same
function runs once on respondent counts (may the group be shown at all?) and once per measure on
the number of respondents with a score for that measure, starting from the groups already hidden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from faelled.privacy.suppression import MIN_RESPONDENTS


class Tree:
    """A group hierarchy given as child → parent; the root is the one node without a parent."""

    def __init__(self, parents: Mapping[str, str], root: str) -> None:
        self.root = root
        self.parent = dict(parents)
        self.children: dict[str, list[str]] = defaultdict(list)
        for child, parent in sorted(self.parent.items()):
            self.children[parent].append(child)
        self.nodes = [root, *sorted(self.parent)]
        seen: set[str] = set()
        for node in self.nodes:  # a cycle would make subtree totals loop forever
            path = set()
            while node in self.parent and node not in seen:
                if node in path:
                    raise ValueError(f"the unit hierarchy has a cycle through {node!r}")
                path.add(node)
                node = self.parent[node]
            seen |= path

    def descendants(self, node: str) -> list[str]:
        out: list[str] = []
        stack = list(self.children.get(node, []))
        while stack:
            n = stack.pop()
            out.append(n)
            stack.extend(self.children.get(n, []))
        return out

    def totals(self, direct: Mapping[str, int]) -> dict[str, int]:
        """Each group's size: its own members plus all members below it."""
        return {
            n: direct.get(n, 0) + sum(direct.get(d, 0) for d in self.descendants(n))
            for n in self.nodes
        }

    def maximal_shown_below(self, node: str, hidden: set[str]) -> list[str]:
        """The shown groups below `node` with no shown group between them and `node`."""
        out: list[str] = []
        stack = list(self.children.get(node, []))
        while stack:
            n = stack.pop()
            if n in hidden:
                stack.extend(self.children.get(n, []))
            else:
                out.append(n)
        return sorted(out)


def residual(tree: Tree, totals: Mapping[str, int], node: str, hidden: set[str]) -> int:
    return totals[node] - sum(totals[m] for m in tree.maximal_shown_below(node, hidden))


def protect(
    tree: Tree,
    direct: Mapping[str, int],
    *,
    minimum: int = MIN_RESPONDENTS,
    hidden: Iterable[str] = (),
) -> set[str]:
    """The groups that must not be shown (empty groups included: they have nothing to show)."""
    totals = tree.totals(direct)
    out = set(hidden) | {n for n in tree.nodes if totals[n] < minimum}
    changed = True
    while changed:
        changed = False
        for node in tree.nodes:  # root first, then units in a fixed order: reproducible choices
            if node in out:
                continue
            r = residual(tree, totals, node, out)
            if 0 < r < minimum:
                below = tree.maximal_shown_below(node, out)
                # Prefer a group whose own residual is non-empty: hiding it grows this residual.
                # Among those, the smallest, so the least is lost.
                below.sort(key=lambda m: (residual(tree, totals, m, out) == 0, totals[m], m))
                # `below` is never empty here: with nothing shown below, the residual is the
                # node's whole group, which is at least `minimum` since the node is shown.
                out.add(below[0])
                changed = True
    return out
