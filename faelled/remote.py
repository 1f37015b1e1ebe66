"""The CLI's way to a running server: when `faelled serve` owns the DuckDB file, commands send
their work to its API with the local token from FAELLED_HOME/server.json (DESIGN decision 4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from faelled.engine import server_file
from faelled.errors import DatabaseError, FaelledError
from faelled.settings import Settings


@dataclass(frozen=True)
class RemoteServer:
    url: str
    token: str

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def _check(self, response: httpx.Response) -> Any:
        body = response.json()
        if response.status_code >= 400:
            err = body.get("error", {}) if isinstance(body, dict) else {}
            exc = FaelledError(err.get("message") or response.reason_phrase, hint=err.get("hint"))
            exc.status = response.status_code
            raise exc
        return body

    def get(self, path: str, **params: Any) -> Any:
        try:
            r = httpx.get(self.url + path, params=params, headers=self._headers(), timeout=600)
        except httpx.HTTPError as exc:
            raise DatabaseError(
                f"Serveren på {self.url} svarer ikke / the server does not answer ({exc}).",
                hint="Stop og start 'faelled serve' igen.",
            ) from None
        return self._check(r)

    def post(self, path: str, body: Any) -> Any:
        try:
            r = httpx.post(self.url + path, json=body, headers=self._headers(), timeout=600)
        except httpx.HTTPError as exc:
            raise DatabaseError(
                f"Serveren på {self.url} svarer ikke / the server does not answer ({exc}).",
                hint="Stop og start 'faelled serve' igen.",
            ) from None
        return self._check(r)


def server_for(settings: Settings) -> RemoteServer | None:
    """The live server that owns this installation's DuckDB file, if any."""
    if not settings.is_duckdb:
        return None  # PostgreSQL serves many processes at once: no need to go through the API
    info = server_file.read(settings.home)
    return RemoteServer(info.url, info.token) if info else None
