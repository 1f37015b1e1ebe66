"""Signing in and out with a username and password (the login page, Danish first).

An OpenID Connect provider can replace this router: whatever signs a person in ends by calling
`start_session` with a `User` from the users table (see docs/access.md)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from faelled.access.audit import AuditLog, SignIn, SignOut
from faelled.access.policy import Actor
from faelled.access.sessions import SESSION_LIFETIME, create_session, end_session, purge_expired
from faelled.access.users import SignInFailed, User, authenticate
from faelled.engine import Database
from faelled.web.deps import database
from faelled.web.pages import render
from faelled.web.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    LoginLimiter,
    TooManyAttempts,
    client_address,
    current_actor,
    set_cookie,
)

router = APIRouter(include_in_schema=False)


def safe_next(value: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/forvaltning"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/forvaltning"
    return value


def limiter(request: Request) -> LoginLimiter:
    found: LoginLimiter | None = getattr(request.app.state, "login_limiter", None)
    if found is None:
        found = request.app.state.login_limiter = LoginLimiter()
    return found


def start_session(request: Request, db: Database, user: User, next_url: str) -> Response:
    """Sign a user in: a fresh session (never one the browser brought: no session fixation)."""
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        end_session(db, old)
    purge_expired(db)  # sign-in is rare enough to tidy up the sessions table as it goes
    token = create_session(db, user)
    response = RedirectResponse(safe_next(next_url), status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token, int(SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/login")
def login_page(request: Request, next: str = "/forvaltning") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    db: Annotated[Database, Depends(database)],
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/forvaltning",
) -> Response:
    context = {"next": safe_next(next), "username": username[:64]}
    try:
        limiter(request).hit(client_address(request))
    except TooManyAttempts as exc:
        AuditLog(db).record(
            Actor.public(), SignIn(username.strip().lower()[:64], False, "rate_limited")
        )
        response = render(
            request, "login.html", {**context, "error": exc.message, "hint": exc.hint}, 429
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    try:
        user = authenticate(db, username, password)
    except SignInFailed as exc:
        return render(
            request, "login.html", {**context, "error": exc.message, "hint": exc.hint}, 401
        )
    return start_session(request, db, user, next)


@router.post("/logout")
def logout(request: Request, db: Annotated[Database, Depends(database)]) -> Response:
    actor = current_actor(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_session(db, token)
    if actor.signed_in and actor.user:
        AuditLog(db).record(actor, SignOut(actor.user, municipality=actor.municipality))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
