"""Routes for the local administrator (the CLI on the server's machine): authenticated by the
token in FAELLED_HOME/server.json, never exposed to the public."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request

from faelled.access import Actor, check
from faelled.engine import Database
from faelled.engine.status import status_of
from faelled.web.deps import database

router = APIRouter(prefix="/api/v1/system", tags=["system"], include_in_schema=False)


def local_admin(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_faelled_cli_user: Annotated[str | None, Header(max_length=64)] = None,
) -> Actor:
    """The CLI beside the server, acting as the operator. It names the operating-system user who
    runs it, so what it changes is audited under the same name as on the local path."""
    token: str | None = request.app.state.local_token
    given = (authorization or "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given, token):
        return Actor.system(f"cli:{x_faelled_cli_user}" if x_faelled_cli_user else "local-cli")
    return Actor.public()


@router.get("/info")
def info(
    actor: Annotated[Actor, Depends(local_admin)], db: Annotated[Database, Depends(database)]
) -> dict[str, Any]:
    check(actor, "read", "system:info")
    return status_of(db)
