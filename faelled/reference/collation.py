"""Danish alphabetical order for names: … x, y, z, æ, ø, å — with "aa" read as "å", as Danish
collation (CLDR `da`) reads it, so Aabenraa, Aalborg and Aarhus come after Vordingborg and Ærø.
Python's default order is by code point (Å before Æ before Ø, and "Aa…" first), which no Danish
reader expects in a list of municipalities."""

from __future__ import annotations

import unicodedata

# After z, in Danish order; the neighbours Danish collation treats as the same letters.
_LETTERS = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "ü": "y"}


def danish_key(text: str) -> tuple[str, str]:
    """Sort key: the Danish letter order first, the text itself to break ties (case, accents)."""
    folded = text.casefold().replace("aa", "å")
    out = []
    for ch in folded:
        mapped = _LETTERS.get(ch)
        if mapped is None:
            # Other accents sort with their base letter (é with e).
            base = unicodedata.normalize("NFD", ch)[0]
            mapped = base
        out.append(mapped)
    return "".join(out), text
