"""The CLI's way to a running server: when `faelled serve` owns the DuckDB file, commands send
their work to its API with the local token from FAELLED_HOME/server.json (DESIGN decision 4)."""

from __future__ import annotations

import getpass
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from faelled.engine import server_file
from faelled.errors import DatabaseError, FaelledError
from faelled.settings import Settings

if TYPE_CHECKING:
    from faelled.engine import Database


def cli_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container): still record something
        return "unknown"


@dataclass(frozen=True)
class RemoteServer:
    url: str
    token: str

    def _headers(self) -> dict[str, str]:
        # Who runs the command: changes are audited as cli:<user>, as on the local path.
        return {"Authorization": f"Bearer {self.token}", "X-Faelled-Cli-User": cli_user()}

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
            given = {k: v for k, v in params.items() if v is not None}
            r = httpx.get(self.url + path, params=given, headers=self._headers(), timeout=600)
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

    def run_job(
        self,
        body: dict[str, Any],
        on_progress: Callable[[dict[str, Any]], None] | None = None,
        *,
        interval: float = 0.2,
    ) -> Any:
        """Queue a background job in the server (ingest, compute), follow it until it ends and
        return its result; a failed job raises its clear message, as the local path would."""
        job = self.post("/api/v1/jobs", body)
        try:
            while job["status"] in ("queued", "running"):
                if on_progress is not None:
                    on_progress(job)
                time.sleep(interval)
                job = self.get(f"/api/v1/jobs/{job['id']}")
        except KeyboardInterrupt:
            raise FaelledError(
                f"Afbrudt; jobbet {job['id']} fortsætter i serveren / interrupted; the job goes "
                "on in the server.",
                hint=f"Følg det på {self.url}/api/v1/jobs/{job['id']} (med serverens token).",
            ) from None
        if on_progress is not None:
            on_progress(job)
        if job["status"] == "failed":
            err = job.get("error") or {}
            raise FaelledError(
                err.get("message") or "Jobbet fejlede / the job failed.", hint=err.get("hint")
            )
        return job["result"]


def server_for(settings: Settings) -> RemoteServer | None:
    """The live server that owns this installation's DuckDB file, if any."""
    if not settings.is_duckdb:
        return None  # PostgreSQL serves many processes at once: no need to go through the API
    info = server_file.read(settings.home)
    return RemoteServer(info.url, info.token) if info else None


def read(settings: Settings, local: Callable[[Database], Any], path: str, **params: Any) -> Any:
    """Answer a read-only question: on the database file (opened read-only, so several commands
    may read at once), or, while a server owns the file, by GET `path` from its local-token
    routes, which run the same function (faelled/local_admin.py)."""
    server = server_for(settings)
    if server is not None:
        return server.get(path, **params)
    from faelled.engine import open_database

    with open_database(settings, read_only=settings.is_duckdb) as db:
        return local(db)
