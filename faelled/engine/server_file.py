"""How the CLI finds the server that owns the database (DESIGN decision 4).

DuckDB allows one writing process. While `faelled serve` runs it holds the database file and writes
`FAELLED_HOME/server.json` (mode 0600) with its pid, URL and a random local token. The CLI reads
it and sends its requests to the server's API with that token: being able to read the file is
what proves the caller may act as the installation's local administrator."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

FILENAME = "server.json"


@dataclass(frozen=True)
class ServerFile:
    pid: int
    url: str
    token: str


def write(home: Path, url: str) -> ServerFile:
    home.mkdir(parents=True, exist_ok=True)
    info = ServerFile(pid=os.getpid(), url=url, token=secrets.token_urlsafe(32))
    path = home / FILENAME
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(asdict(info), f)
    return info


def remove(home: Path, info: ServerFile) -> None:
    current = read(home)
    if current is not None and current.token == info.token:
        (home / FILENAME).unlink(missing_ok=True)


def read(home: Path) -> ServerFile | None:
    """The running server's file, or None when no live server owns this home."""
    path = home / FILENAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        info = ServerFile(pid=int(data["pid"]), url=str(data["url"]), token=str(data["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(info.pid, 0)
    except ProcessLookupError:
        return None  # a server that died without cleaning up
    except PermissionError:
        pass  # alive, owned by another user
    return info
