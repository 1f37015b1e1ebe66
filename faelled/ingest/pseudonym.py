"""CPR numbers → keyed pseudonyms (HMAC-SHA256), and the installation key behind them.

The key is 32 random bytes created on first use in `<home>/keys/pseudonym.key` (mode 0600), never
in the database, never printed or logged: whoever holds the database without the key cannot
recompute a pseudonym from a CPR number. The same CPR number always gets the same pseudonym in one
installation, so spells, pupils and persons link up; another installation's key gives others.

A pseudonym is the first 128 bits of the HMAC in base64 (22 characters). Base64 rather than hex:
hex is mostly digits, and one pseudonym in a few thousand would hold a run of ten digits that
reads as a CPR number to a leak scan; in base64 such a run is about 10⁻⁸ per pseudonym.

Staging computes pseudonyms with `pseudonyms`, a vectorised function the engine calls on batches
of distinct numbers (registered on the connection for one statement with `registered`): the HMAC
key's inner and outer hash states are computed once, so each number costs two SHA-256
compressions (hardware-accelerated through OpenSSL) instead of four, and the base64 is one call
per batch. The key never reaches the engine, not even as a query parameter."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

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

    def pseudonyms(self, digits: pa.Array) -> pa.Array:
        """The pseudonyms of a batch of CPR numbers already reduced to their ten digits (nulls
        stay null): the same values as `pseudonym`, computed from the key's hash states."""
        block = self._key.ljust(64, b"\0")
        inner = hashlib.sha256(bytes(b ^ 0x36 for b in block)).copy
        outer = hashlib.sha256(bytes(b ^ 0x5C for b in block)).copy
        values = digits.to_pylist()
        present = [v for v in values if v is not None]
        pad = b"\0" * (18 - PSEUDONYM_BYTES)
        parts = []
        for v in present:
            h = inner()
            h.update(v.encode("ascii"))
            o = outer()
            o.update(h.digest())
            # 16 bytes + 2 zero bytes = 24 base64 characters whose first 22 are the 16 bytes'.
            parts.append(o.digest()[:PSEUDONYM_BYTES] + pad)
        n = len(present)
        encoded = np.frombuffer(
            binascii.b2a_base64(b"".join(parts), newline=False), dtype="S24"
        ).astype(f"S{PSEUDONYM_LENGTH}")
        offsets = np.arange(0, PSEUDONYM_LENGTH * n + 1, PSEUDONYM_LENGTH, dtype=np.int32)
        out = pa.StringArray.from_buffers(
            n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(encoded.tobytes())
        )
        if n == len(values):
            return out
        done = iter(out.to_pylist())
        return pa.array([None if v is None else next(done) for v in values], pa.string())

    @contextmanager
    def registered(self, con: Any) -> Iterator[str]:
        """`pseudonyms` as a DuckDB function on `con` for the duration of the block; yields its
        name. Only the function object knows the key: nothing of it is in the database."""
        name = f"_faelled_pseudonym_{secrets.token_hex(4)}"
        con.create_function(name, self.pseudonyms, ["VARCHAR"], "VARCHAR", type="arrow")
        try:
            yield name
        finally:
            con.remove_function(name)
