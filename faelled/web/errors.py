"""One JSON error envelope for every API error:

    {"error": {"status": 404, "code": "not_found", "message": "...", "hint": "..." | null}}

Pages get the same information as an HTML page. Domain exceptions map to responses here only."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from faelled.errors import FaelledError

_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid_request",
}


def envelope(status: int, code: str, message: str, hint: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "hint": hint}}


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/kolada/")) or "application/json" in request.headers.get(
        "accept", ""
    )


def _respond(request: Request, status: int, code: str, message: str, hint: str | None) -> Response:
    if _is_api(request):
        return JSONResponse(envelope(status, code, message, hint), status_code=status)
    from faelled.web.pages import render_error

    return render_error(request, status, message, hint)


def install(app: FastAPI) -> None:
    @app.exception_handler(FaelledError)
    async def _domain(request: Request, exc: FaelledError) -> Response:
        from faelled.access.policy import Unauthenticated

        if isinstance(exc, Unauthenticated) and not _is_api(request) and request.method == "GET":
            # A page that needs a signed-in user: sign in, then come back.
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        response = _respond(request, exc.status, exc.code, exc.message, exc.hint)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _CODES.get(exc.status_code, "error")
        return _respond(request, exc.status_code, code, str(exc.detail), None)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        return _respond(request, 422, "invalid_request", f"Ugyldig forespørgsel: {problems}", None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        return _respond(
            request, 500, "internal", "Intern fejl / internal error.", "Prøv igen senere."
        )


__all__ = ["HTMLResponse", "envelope", "install"]
