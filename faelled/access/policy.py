"""The one question every route and command asks: may this actor do this action on this resource?

Today only the public role exists (anonymous readers of published, suppressed aggregates); the
access-control issue adds users, roles and agreements here without touching the views that call
`check`. Resources are plain strings, "<kind>:<scope>", e.g. "kpi:published", "survey:results",
"survey:respond", "rows:<dataset>:<municipality>".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from faelled.errors import FaelledError

Role = Literal["public", "viewer", "analyst", "steward", "admin", "operator"]
Action = Literal["read", "write", "export", "admin"]

# What the anonymous public may do. Everything else is denied until roles exist.
_PUBLIC: set[tuple[Action, str]] = {
    ("read", "reference"),
    ("read", "kpi:published"),
    ("read", "datasets"),
    ("read", "survey:results"),  # results are served only through survey suppression (min 5)
    ("write", "survey:respond"),  # an anonymous, single-use response link
}


# What the local administrator (the CLI: on the database file, or through the server with the local
# token from FAELLED_HOME/server.json) and the operator may do beyond the public. Survey set-up is
# here because a change lead must open rounds today; the access-control issue adds real roles.
_LOCAL_ADMIN: set[tuple[Action, str]] = {
    ("admin", "survey:initiatives"),  # create initiatives, open rounds, issue links, import
}


class Forbidden(FaelledError):
    code = "forbidden"
    status = 403


@dataclass(frozen=True, slots=True)
class Actor:
    role: Role = "public"
    user: str | None = None
    municipality: str | None = None  # 3-digit code, or None for the public and the operator

    @classmethod
    def public(cls) -> Actor:
        return cls()


def is_allowed(actor: Actor, action: Action, resource: str) -> bool:
    kind = resource.split(":", 2)
    key = ":".join(kind[:2]) if len(kind) > 1 else kind[0]
    public = (action, key) in _PUBLIC or (action, kind[0]) in _PUBLIC
    if actor.role == "public":
        return public
    if kind[0] == "system":
        # Installation status: the local administrator (the CLI beside the server) and the
        # operator only.
        return actor.role in ("admin", "operator")
    if actor.role in ("admin", "operator"):
        return public or (action, key) in _LOCAL_ADMIN
    return False


def check(actor: Actor, action: Action, resource: str) -> None:
    """Raise Forbidden unless the actor may do the action on the resource."""
    if not is_allowed(actor, action, resource):
        raise Forbidden(
            "Du har ikke adgang til dette / you do not have access to this.",
            hint="Log ind med en bruger, der har adgang, eller kontakt kommunens data-ansvarlige.",
        )
