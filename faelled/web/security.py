"""Who is asking, and the web's defences: the actor behind each request, CSRF tokens, login
rate limiting and security headers (including a Content-Security-Policy).

- The actor: an `Authorization: Bearer fld_…` API token, else the `faelled_session` cookie, else
  the public. `current_actor` is the dependency routes use.
- CSRF: every state-changing request that a browser could send on its own (a form post, or any
  request carrying the session cookie) must carry a token that only our own pages know: an HMAC,
  keyed by the installation's session key, of the session cookie (or, before sign-in, of a random
  `faelled_csrf` cookie). Forms send it as `csrf_token`, scripts as `X-CSRF-Token`. Requests with
  an API token carry no ambient credentials and need none.
- Cookies are HttpOnly and SameSite=Lax, and Secure when the request came over TLS (behind a
  proxy, run uvicorn with --proxy-headers so the scheme is known).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import MutableMapping
from typing import Any

import anyio
from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from faelled.access.keys import installation_key
from faelled.access.policy import Actor
from faelled.errors import FaelledError

SESSION_COOKIE = "faelled_session"
CSRF_COOKIE = "faelled_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# The content types a page on another site can make a browser send without asking (CORS).
_SIMPLE_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class CsrfFailed(FaelledError):
    code = "csrf"
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "Formularen er udløbet eller kom ikke fra Fælled / the form expired or did not come "
            "from Fælled.",
            hint="Genindlæs siden og prøv igen / reload the page and try again.",
        )


class TooManyAttempts(FaelledError):
    code = "rate_limited"
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "For mange login-forsøg / too many sign-in attempts.",
            hint=f"Vent {retry_after} sekunder / wait {retry_after} seconds.",
        )
        self.retry_after = retry_after


def is_tls(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(request: Request, response: Any, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=is_tls(request),
        path="/",
    )


# --- the actor behind a request -----------------------------------------------------------------


def current_actor(request: Request) -> Actor:
    """FastAPI dependency: who is asking (resolved once per request by `ActorMiddleware`)."""
    actor = getattr(request.state, "actor", None)
    return actor if isinstance(actor, Actor) else Actor.public()


def bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    return value[7:].strip() if value[:7].lower() == "bearer " else None


def _resolve_actor(app: Any, token: str | None, session: str | None) -> Actor:
    from faelled.access.sessions import session_user, token_actor

    with app.state.db_lock:
        db = app.state.db
        if token is not None:
            actor = token_actor(db, token)
            # A bad token is not silently the public: the program must hear its token failed.
            return actor if actor is not None else Actor(role="public", user="invalid-token")
        if session:
            user = session_user(db, session)
            if user is not None:
                return user.actor()
    return Actor.public()


class ActorMiddleware:
    """Resolve the actor once per request, in a worker thread (the database lock may wait)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            token, session = bearer(request), request.cookies.get(SESSION_COOKIE)
            actor = Actor.public()
            if token is not None or session:
                actor = await anyio.to_thread.run_sync(_resolve_actor, scope["app"], token, session)
            scope.setdefault("state", {})["actor"] = actor
        await self.app(scope, receive, send)


# --- CSRF ---------------------------------------------------------------------------------------


def _csrf_key(request: Request) -> bytes:
    key: bytes | None = getattr(request.app.state, "session_key", None)
    if key is None:
        key = installation_key(request.app.state.settings, "session")
        request.app.state.session_key = key
    return key


def _csrf_binding(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or request.cookies.get(CSRF_COOKIE)


def csrf_token_for(request: Request, binding: str | None = None) -> str:
    """The token our pages put in their forms; bound to this browser's cookie."""
    bound = binding or _csrf_binding(request) or getattr(request.state, "new_csrf_cookie", None)
    if not bound:
        bound = secrets.token_urlsafe(24)
        request.state.new_csrf_cookie = bound
    return hmac.new(_csrf_key(request), f"csrf:{bound}".encode(), hashlib.sha256).hexdigest()


def ensure_csrf_cookie(request: Request, response: Any) -> None:
    """Set the anonymous CSRF cookie a page's form token was bound to, if it is new."""
    new = getattr(request.state, "new_csrf_cookie", None)
    if new and not request.cookies.get(SESSION_COOKIE):
        set_cookie(request, response, CSRF_COOKIE, new, max_age=12 * 3600)


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: refuse a state-changing request that may be forged."""
    if request.method not in UNSAFE or bearer(request) is not None:
        return
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    has_session = SESSION_COOKIE in request.cookies
    if not has_session and content_type not in _SIMPLE_TYPES and content_type:
        return  # e.g. JSON from a program without cookies: nothing ambient to abuse
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and content_type in _SIMPLE_TYPES[:2]:
        form = await request.form()  # cached by Starlette; the route reads it again
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    binding = _csrf_binding(request)
    if not sent or not binding:
        raise CsrfFailed()
    if not hmac.compare_digest(sent, csrf_token_for(request, binding)):
        raise CsrfFailed()


# --- login rate limiting -----------------------------------------------------------------------


class LoginLimiter:
    """At most `attempts` sign-in attempts per client address per `window` seconds (in memory:
    per server process; the per-account lockout in the database holds across processes)."""

    def __init__(self, attempts: int = 10, window: float = 300.0) -> None:
        self.attempts = attempts
        self.window = window
        self._seen: MutableMapping[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, address: str, now: float | None = None) -> None:
        """Count an attempt; raise TooManyAttempts past the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen[address]
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.attempts:
                raise TooManyAttempts(int(seen[0] + self.window - now) + 1)
            seen.append(now)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --- security headers ---------------------------------------------------------------------------

_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


class SecurityHeadersMiddleware:
    """Add security headers to every response. The API docs page (Swagger UI, from
    fastapi-offline) has one inline script: its CSP allows exactly that script by its hash."""

    def __init__(self, app: ASGIApp, docs_path: str | None = "/api/docs") -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"
        if scope["path"] == self.docs_path:
            await self._docs(scope, receive, send, tls)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _add_headers(MutableHeaders(scope=message), CSP, tls)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send, tls: bool) -> None:
        start: Message = {}
        body = bytearray()

        async def collect(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, collect)
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(m).digest()).decode() + "'"
            for m in _INLINE_SCRIPT.findall(bytes(body))
        )
        policy = CSP.replace("script-src 'self'", f"script-src 'self' {hashes}").replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )
        _add_headers(MutableHeaders(scope=start), policy, tls)
        await send(start)
        await send({"type": "http.response.body", "body": bytes(body)})


def _add_headers(headers: MutableHeaders, policy: str, tls: bool) -> None:
    headers.setdefault("Content-Security-Policy", policy)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if tls:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
