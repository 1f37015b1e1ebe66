"""Installation keys: random secrets kept in files under `<home>/keys/`, outside the database.

A key lives outside the database on purpose: whoever can write to the database (a stolen backup, a
careless SQL session, a compromised reporting account) cannot also forge what the key protects —
the audit log's HMAC chain, session and CSRF tokens. Keys are created on first use with mode 0600
and are never printed; back them up apart from the database.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from faelled.errors import SettingsError
from faelled.settings import Settings

KEY_BYTES = 32


def key_path(settings: Settings, name: str) -> Path:
    return settings.home / "keys" / f"{name}.key"


def installation_key(settings: Settings, name: str) -> bytes:
    """The installation's key called `name`, created on first use."""
    path = key_path(settings, name)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        # O_EXCL: two processes creating the key at once must not end up with different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(KEY_BYTES))
    text = path.read_text().strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise SettingsError(
            f"Nøglefilen er beskadiget / the key file is damaged: {path}",
            hint="Gendan den fra sikkerhedskopien; en ny nøgle gør den gamle audit-log ugyldig.",
        )
    return key
