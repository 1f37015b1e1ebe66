"""The one question every route and command asks: may this actor do this action on this resource?

Actors are the anonymous public, or a user with one role who belongs to one municipality (viewer,
analyst, steward, admin) or to the operator that runs the installation (operator). API tokens
narrow a user's actions to the token's scopes.

Resources are strings "<kind>[:<scope>…]":

    reference, datasets, loads, quality,           everyone (published figures are suppressed;
    kpi:published                                  loads: counts, never sampled rows)
    survey:results / survey:respond                everyone (results only through suppression)
    kpi:<m>:<domain>                               m's users; other municipalities' users where both
                                                   share the domain by agreement, after m's embargo
    kpi:<m>:<domain>:unsuppressed                  m's analysts
    rows|quarantine|samples:<dataset>:<m>          m's analysts and stewards (row-level data)
    subject:<m>                                    m's stewards (data-subject access reports)
    agreements:<m>, audit:<m>                      m's stewards (read, export; agreements: write),
                                                   m's admins read agreements; the operator
    users:<m>                                      m's admins; the operator
    agreements, audit, users, retention, contracts the operator (the whole installation)
    system:…                                       the operator (installation status)
    survey:initiatives[:<m>]                       survey set-up: the operator; m's stewards and
                                                   admins for m's own initiatives
    me, tokens                                     any signed-in user, for themself
    jobs                                           any signed-in user (lists what they may read)
    jobs:ingest:<m>                                m's analysts and stewards; the operator
    jobs:ingest, jobs:compute                      the operator (any municipality's loads, KPIs)
    jobs:demo                                      the operator (`faelled demo` queues it itself)

Rules about other municipalities' key figures need the agreements in force and a date: pass them
in a `Context`. `kpi_access` answers the fuller question a KPI view asks (may I see them at all,
unsuppressed, and up to which release date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, get_args

from faelled.errors import FaelledError

if TYPE_CHECKING:
    from faelled.access.agreements import Agreement

Role = Literal["public", "viewer", "analyst", "steward", "admin", "operator"]
Action = Literal["read", "write", "export", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
ACTIONS: tuple[Action, ...] = get_args(Action)
MUNICIPAL_ROLES: tuple[Role, ...] = ("viewer", "analyst", "steward", "admin")

# What anyone may do, signed in or not.
_OPEN: set[tuple[Action, str]] = {
    ("read", "reference"),
    ("read", "datasets"),
    ("read", "loads"),  # counts and reports without sampled rows (see access/samples.py)
    ("read", "quality"),  # quality scores describe deliveries, not people
    ("read", "kpi:published"),
    ("export", "kpi:published"),
    ("read", "survey:results"),  # results are served only through survey suppression (min 5)
    ("write", "survey:respond"),  # an anonymous, single-use response link
}
_ROW_LEVEL = {"rows", "quarantine", "samples"}


class Forbidden(FaelledError):
    code = "forbidden"
    status = 403


class Unauthenticated(Forbidden):
    """Forbidden to the public: signing in may help (pages send the browser to /login). The
    status stays 403: a 401 would need a WWW-Authenticate challenge, and there is none to give
    for a cookie sign-in."""


@dataclass(frozen=True, slots=True)
class Actor:
    role: Role = "public"
    user: str | None = None
    municipality: str | None = None  # 3-digit code; None for the public and the operator
    scopes: frozenset[Action] | None = None  # an API token's scopes; None: a signed-in person

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.role in MUNICIPAL_ROLES and not self.municipality:
            raise ValueError(f"a {self.role} belongs to a municipality")
        if self.role in ("public", "operator") and self.municipality:
            raise ValueError(f"a {self.role} belongs to no municipality")

    @classmethod
    def public(cls) -> Actor:
        return cls()

    @classmethod
    def system(cls, user: str) -> Actor:
        """Whoever runs the command line on the installation's machine: its operator."""
        return cls(role="operator", user=user)

    @property
    def signed_in(self) -> bool:
        return self.role != "public"


@dataclass(frozen=True)
class Context:
    """What the policy needs beyond the actor and the resource."""

    agreements: tuple[Agreement, ...] = ()
    today: date = field(default_factory=date.today)
    released: date | None = None  # when the figures asked for were released (for embargoes)


Level = Literal["none", "suppressed", "unsuppressed"]


@dataclass(frozen=True)
class KpiAccess:
    """How an actor may see one municipality's key figures in one domain."""

    level: Level
    published_only: bool  # only figures marked published
    released_until: date | None  # figures released after this date are under embargo

    def allows(self, *, published: bool, released: date | None) -> bool:
        if self.level == "none" or (self.published_only and not published):
            return False
        return self.released_until is None or released is None or released <= self.released_until


def _connection_agreements(ctx: Context, municipality: str, domain: str) -> list[Agreement]:
    return [
        a
        for a in ctx.agreements
        if a.municipality == municipality
        and a.kind == "tilslutningsaftale"
        and a.in_force(ctx.today)
        and domain in a.domains
    ]


def _embargo_until(ctx: Context, municipality: str, domain: str) -> date | None:
    # The owner's embargo governs its figures; with several agreements, the longest holds.
    days = [a.embargo_days for a in _connection_agreements(ctx, municipality, domain)]
    return ctx.today - timedelta(days=max(days)) if days and max(days) > 0 else None


def kpi_access(
    actor: Actor, municipality: str, domain: str, ctx: Context | None = None
) -> KpiAccess:
    ctx = ctx or Context()
    if actor.municipality == municipality:
        level: Level = "unsuppressed" if actor.role == "analyst" else "suppressed"
        return KpiAccess(level, published_only=False, released_until=None)
    embargo = _embargo_until(ctx, municipality, domain)
    if (
        actor.municipality is not None
        and _connection_agreements(ctx, actor.municipality, domain)
        and _connection_agreements(ctx, municipality, domain)
    ):
        return KpiAccess("suppressed", published_only=False, released_until=embargo)
    return KpiAccess("suppressed", published_only=True, released_until=embargo)


def _split(resource: str) -> list[str]:
    return resource.split(":")


def is_allowed(actor: Actor, action: Action, resource: str, context: Context | None = None) -> bool:
    if actor.scopes is not None and action not in actor.scopes:
        return False
    parts = _split(resource)
    kind = parts[0]
    key = ":".join(parts[:2])
    if (action, key) in _OPEN or (action, kind) in _OPEN:
        return True
    role, own = actor.role, actor.municipality
    if kind == "kpi" and len(parts) >= 3 and action in ("read", "export"):
        access = kpi_access(actor, parts[1], parts[2], context)
        if len(parts) == 4 and parts[3] == "unsuppressed":
            return access.level == "unsuppressed"
        if len(parts) != 3 or access.published_only:
            return False
        released = context.released if context else None
        return access.allows(published=True, released=released)
    if kind in _ROW_LEVEL and len(parts) == 3:
        return action in ("read", "export") and role in ("analyst", "steward") and parts[2] == own
    if kind == "subject" and len(parts) == 2:
        return action in ("read", "export") and role == "steward" and parts[1] == own
    if kind in ("agreements", "audit", "users") and len(parts) == 2:
        if role == "operator":
            return True
        if parts[1] != own:
            return False
        if kind == "users":
            return role == "admin" and action in ("read", "write")
        if kind == "agreements" and role == "admin":
            return action == "read"
        return role == "steward" and action in (
            ("read", "write", "export") if kind == "agreements" else ("read", "export")
        )
    if kind in ("agreements", "audit", "users", "retention", "contracts") and len(parts) == 1:
        return role == "operator"
    if kind == "survey" and parts[1:2] == ["initiatives"]:
        # Setting up readiness surveys (initiatives, rounds, links, imports): the operator for
        # any; a municipality's stewards and admins for its own ("survey:initiatives:<m>").
        # Initiatives of no municipality ("survey:initiatives") are the operator's alone.
        if action != "admin":
            return False
        if role == "operator":
            return True
        return len(parts) == 3 and parts[2] == own and role in ("steward", "admin")
    if kind == "system":
        # Installation status: the local administrator (the CLI beside the server, acting as the
        # operator) and the operator only.
        return role == "operator"
    if kind == "jobs":
        # Background ingest and compute in the server (DESIGN decision 4).
        if len(parts) == 1:
            return actor.signed_in and action == "read"
        if action not in ("read", "write"):
            return False
        if role == "operator":
            return True
        return (
            parts[1:2] == ["ingest"]
            and len(parts) == 3
            and role in ("analyst", "steward")
            and parts[2] == own
        )
    if kind in ("me", "tokens") and len(parts) == 1:
        return actor.signed_in and action in ("read", "write")
    return False


def check(actor: Actor, action: Action, resource: str, context: Context | None = None) -> None:
    """Raise Forbidden (or Unauthenticated, for the public) unless the actor may do the action."""
    if is_allowed(actor, action, resource, context):
        return
    if not actor.signed_in:
        raise Unauthenticated(
            "Log ind for at se dette / sign in to see this.",
            hint="Log ind på /login med en bruger, der har adgang.",
        )
    raise Forbidden(
        "Du har ikke adgang til dette / you do not have access to this.",
        hint="Log ind med en bruger, der har adgang, eller kontakt kommunens data-ansvarlige.",
    )


def allowed_actions(actor: Actor, resource: str, context: Context | None = None) -> list[Action]:
    return [a for a in ACTIONS if is_allowed(actor, a, resource, context)]


def municipalities_visible(
    actor: Actor, domain: str, municipalities: Iterable[str], ctx: Context | None = None
) -> dict[str, KpiAccess]:
    """`kpi_access` for many municipalities at once (a map, a ranking)."""
    return {m: kpi_access(actor, m, domain, ctx) for m in municipalities}
