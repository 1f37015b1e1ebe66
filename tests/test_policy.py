"""The policy's rules for key figures: own municipality, other municipalities under a shared-
domain agreement after its embargo, and the public."""

from __future__ import annotations

from datetime import date

import pytest

from faelled.access.agreements import Agreement
from faelled.access.policy import (
    Actor,
    Context,
    Forbidden,
    KpiAccess,
    Unauthenticated,
    check,
    is_allowed,
    kpi_access,
)

TODAY = date(2026, 6, 1)


def connection(
    municipality: str, domains: tuple[str, ...], embargo: int = 0, **kw: object
) -> Agreement:
    return Agreement(
        id=f"agr-{municipality}",
        municipality=municipality,
        kind="tilslutningsaftale",
        signed=date(2025, 1, 1),
        valid_from=kw.get("valid_from", date(2025, 1, 1)),  # type: ignore[arg-type]
        valid_to=kw.get("valid_to"),  # type: ignore[arg-type]
        domains=domains,
        processor="",
        sub_processors=(),
        embargo_days=embargo,
    )


BOTH = Context(
    agreements=(connection("851", ("employment",)), connection("101", ("employment",), 30)),
    today=TODAY,
)
VIEWER = Actor("viewer", "v", "851")
ANALYST = Actor("analyst", "a", "851")


def test_own_figures_all_users_unsuppressed_only_analysts() -> None:
    for role in ("viewer", "steward", "admin"):
        assert kpi_access(Actor(role, "u", "851"), "851", "schools") == KpiAccess(  # type: ignore[arg-type]
            "suppressed", published_only=False, released_until=None
        )
    assert kpi_access(ANALYST, "851", "schools").level == "unsuppressed"
    assert is_allowed(ANALYST, "read", "kpi:851:schools:unsuppressed")
    assert not is_allowed(VIEWER, "read", "kpi:851:schools:unsuppressed")
    assert not is_allowed(ANALYST, "read", "kpi:101:employment:unsuppressed", BOTH)


def test_other_municipalities_under_a_shared_domain_after_the_embargo() -> None:
    access = kpi_access(VIEWER, "101", "employment", BOTH)
    assert access == KpiAccess("suppressed", published_only=False, released_until=date(2026, 5, 2))
    assert access.allows(published=False, released=date(2026, 5, 1))
    assert not access.allows(published=False, released=date(2026, 5, 20))  # under embargo
    assert is_allowed(
        VIEWER, "read", "kpi:101:employment", Context(BOTH.agreements, TODAY, date(2026, 4, 1))
    )
    assert not is_allowed(
        VIEWER, "read", "kpi:101:employment", Context(BOTH.agreements, TODAY, date(2026, 5, 31))
    )


@pytest.mark.parametrize(
    "agreements",
    [
        (connection("101", ("employment",)),),  # the reader's municipality has no agreement
        (connection("851", ("schools",)), connection("101", ("employment",))),  # other domain
        (
            connection("851", ("employment",), valid_to=date(2026, 1, 1)),  # ended
            connection("101", ("employment",)),
        ),
        (
            connection("851", ("employment",)),
            connection("101", ("employment",), valid_from=date(2026, 7, 1)),  # not yet
        ),
    ],
)
def test_without_a_mutual_agreement_in_force_only_published_figures(
    agreements: tuple[Agreement, ...],
) -> None:
    access = kpi_access(VIEWER, "101", "employment", Context(agreements, TODAY))
    assert access.published_only
    assert not is_allowed(VIEWER, "read", "kpi:101:employment", Context(agreements, TODAY))
    assert is_allowed(VIEWER, "read", "kpi:published")


def test_the_public_sees_published_suppressed_figures_after_the_embargo() -> None:
    public = Actor.public()
    access = kpi_access(public, "101", "employment", BOTH)
    assert access == KpiAccess("suppressed", published_only=True, released_until=date(2026, 5, 2))
    assert not access.allows(published=False, released=date(2020, 1, 1))
    assert access.allows(published=True, released=date(2026, 5, 1))
    assert not access.allows(published=True, released=date(2026, 5, 30))
    assert kpi_access(public, "851", "employment", BOTH).released_until is None  # no embargo


def test_the_operator_processes_but_does_not_read_personal_data() -> None:
    operator = Actor.system("ops")
    assert is_allowed(operator, "admin", "users")
    assert is_allowed(operator, "read", "audit:851")
    assert not is_allowed(operator, "read", "rows:benefit_spells:851")
    assert not is_allowed(operator, "read", "subject:851")
    assert kpi_access(operator, "851", "employment", BOTH).published_only


def test_actors_must_be_well_formed() -> None:
    with pytest.raises(ValueError):
        Actor("analyst", "a", None)
    with pytest.raises(ValueError):
        Actor("operator", "o", "851")
    with pytest.raises(ValueError):
        Actor("wizard", "w", "851")  # type: ignore[arg-type]


def test_the_public_is_asked_to_sign_in_users_are_refused() -> None:
    with pytest.raises(Unauthenticated):
        check(Actor.public(), "read", "rows:benefit_spells:851")
    with pytest.raises(Forbidden) as refused:
        check(VIEWER, "read", "rows:benefit_spells:851")
    assert not isinstance(refused.value, Unauthenticated)
    assert refused.value.status == 403


def test_unknown_resources_are_denied() -> None:
    assert not is_allowed(Actor.system("ops"), "read", "everything")
    assert not is_allowed(ANALYST, "read", "rows:benefit_spells")
    assert not is_allowed(ANALYST, "write", "rows:benefit_spells:851")


def test_background_jobs_ingest_for_the_own_municipality_compute_for_the_operator() -> None:
    steward = Actor("steward", "s", "851")
    operator = Actor.system("ops")
    assert is_allowed(ANALYST, "write", "jobs:ingest:851")
    assert is_allowed(steward, "read", "jobs:ingest:851")
    assert not is_allowed(ANALYST, "write", "jobs:ingest:101")  # another municipality's load
    assert not is_allowed(VIEWER, "write", "jobs:ingest:851")
    assert not is_allowed(ANALYST, "write", "jobs:ingest")  # a delivery for any municipality
    assert not is_allowed(steward, "write", "jobs:compute")
    assert is_allowed(operator, "write", "jobs:ingest") and is_allowed(
        operator, "write", "jobs:compute"
    )
    assert not is_allowed(operator, "admin", "jobs:compute")
    assert is_allowed(VIEWER, "read", "jobs") and not is_allowed(Actor.public(), "read", "jobs")


ROLE_NAMES = ("viewer", "analyst", "steward", "admin")


@pytest.mark.parametrize("kind", ["quarantine", "samples"])
def test_quarantine_and_samples_only_own_analysts_and_stewards(kind: str) -> None:
    for role in ROLE_NAMES:
        actor = Actor(role, "u", "851")  # type: ignore[arg-type]
        own = is_allowed(actor, "read", f"{kind}:benefit_spells:851")
        assert own == (role in ("analyst", "steward")), role
        assert not is_allowed(actor, "read", f"{kind}:benefit_spells:101")
        assert not is_allowed(actor, "write", f"{kind}:benefit_spells:851")
    for nobody in (Actor.public(), Actor.system("ops")):
        assert not is_allowed(nobody, "read", f"{kind}:benefit_spells:851")
    # A load of no known municipality belongs to no one's analysts.
    assert not is_allowed(ANALYST, "read", f"{kind}:benefit_spells:")


def test_quality_and_load_counts_are_open() -> None:
    for actor in (Actor.public(), VIEWER, Actor.system("ops")):
        assert is_allowed(actor, "read", "quality") and is_allowed(actor, "read", "loads")
        assert not is_allowed(actor, "write", "quality")


def test_survey_set_up_own_stewards_and_admins_and_the_operator() -> None:
    for role in ROLE_NAMES:
        actor = Actor(role, "u", "851")  # type: ignore[arg-type]
        own = is_allowed(actor, "admin", "survey:initiatives:851")
        assert own == (role in ("steward", "admin")), role
        assert not is_allowed(actor, "admin", "survey:initiatives:101")
        assert not is_allowed(actor, "admin", "survey:initiatives")  # the operator's own
        assert not is_allowed(actor, "write", "survey:initiatives:851")
    operator = Actor.system("ops")
    for resource in ("survey:initiatives", "survey:initiatives:851", "survey:initiatives:101"):
        assert is_allowed(operator, "admin", resource)
        assert not is_allowed(Actor.public(), "admin", resource)
