"""CPR numbers → keyed pseudonyms (HMAC-SHA256), and the installation key behind them.

The key is 32 random bytes created on first use in `<home>/keys/pseudonym.key` (mode 0600), never
in the database, never printed or logged: whoever holds the database without the key cannot
recompute a pseudonym from a CPR number. The same CPR number always gets the same pseudonym in one
installation, so spells, pupils and persons link up; another installation's key gives others.

A pseudonym is the first 128 bits of the HMAC in base64 (22 characters). Base64 rather than hex:
hex is mostly digits, and one pseudonym in a few thousand would hold a run of ten digits that
reads as a CPR number to a leak scan; in base64 such a run is about 10⁻⁸ per pseudonym. (Mapping
hex digits to letters with SQL's translate() cost more than the HMAC itself.) The engine computes
it in SQL with the key's inner and outer pads passed as query parameters — never as text in a
query."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from faelled.errors import SettingsError
from faelled.settings import Settings

KEY_BYTES = 32
PSEUDONYM_BYTES = 16  # 128 bits
PSEUDONYM_LENGTH = 22  # base64 of 16 bytes, without padding

# A CPR number: DDMMYY, optional dash, 4 digits; day 01–31 and month 01–12.
CPR = r"(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}"
CPR_EXACT = f"^{CPR}$"
# A CPR-like number inside text (not part of a longer number).
CPR_IN_TEXT = f"(^|[^0-9]){CPR}([^0-9]|$)"
_CPR_EXACT_RE = re.compile(CPR_EXACT)
_CPR_IN_TEXT_RE = re.compile(CPR_IN_TEXT)


def is_cpr(text: str) -> bool:
    return _CPR_EXACT_RE.match(text.strip()) is not None


def contains_cpr(text: str) -> bool:
    return _CPR_IN_TEXT_RE.search(text) is not None


def mask(text: str) -> str:
    """What a person may see of an identifier that failed to read: its shape, no digits."""
    return re.sub(r"[0-9]", "#", text)


def key_path(settings: Settings) -> Path:
    return settings.home / "keys" / "pseudonym.key"


def installation_key(settings: Settings) -> bytes:
    """The installation's key, created on first use (0600, in a 0700 folder)."""
    path = key_path(settings)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(KEY_BYTES) + "\n")
    if path.stat().st_mode & 0o077:
        raise SettingsError(
            f"Pseudonymnøglen kan læses af andre / the pseudonym key is readable by others: {path}",
            hint=f"Kør: chmod 600 {path}",
        )
    text = path.read_text(encoding="ascii").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        # The key's content is never echoed, not even when it is broken.
        raise SettingsError(
            f"Pseudonymnøglen er ødelagt / the pseudonym key is damaged: {path}",
            hint="Gendan nøglen fra backup; en ny nøgle giver nye pseudonymer for alle borgere.",
        )
    return key


class Pseudonymiser:
    """Keyed pseudonyms for one installation. The key never leaves this object in clear: it has
    no public attribute, and its repr does not show it."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("a pseudonym key is 32 bytes")
        self._key = key

    @classmethod
    def for_settings(cls, settings: Settings) -> Pseudonymiser:
        return cls(installation_key(settings))

    def __repr__(self) -> str:
        return "Pseudonymiser(key=***)"

    def pseudonym(self, cpr: str) -> str:
        """The pseudonym of a CPR number written with or without the dash."""
        digits = cpr.strip().replace("-", "")
        if not is_cpr(digits):
            raise ValueError("not a CPR number")  # the value itself is never in a message
        digest = hmac.new(self._key, digits.encode("ascii"), hashlib.sha256).digest()
        return base64.b64encode(digest[:PSEUDONYM_BYTES]).decode("ascii").rstrip("=")

    def sql_pads(self) -> tuple[bytes, bytes]:
        """HMAC's inner and outer key blocks, for `sql_expression`'s two parameters."""
        block = self._key.ljust(64, b"\0")
        return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def sql_expression(digits: str, inner: str, outer: str) -> str:
    """DuckDB SQL for the pseudonym of `digits` (an expression giving the 10 digits), with the
    pads bound to the parameters named `inner` and `outer` (e.g. "$ipad"). HMAC written out:
    H(outer || H(inner || message))."""
    hexed = f"sha256({outer} || unhex(sha256({inner} || encode({digits}))))"
    return f"rtrim(to_base64(unhex(left({hexed}, {2 * PSEUDONYM_BYTES}))), '=')"
