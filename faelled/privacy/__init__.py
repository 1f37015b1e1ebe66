"""Disclosure control: what may be served. Every served aggregate passes through here."""

from faelled.privacy.suppression import (
    MIN_PERSONS,
    MIN_RESPONDENTS,
    SUPPRESSED,
    suppress_small,
)

__all__ = ["MIN_PERSONS", "MIN_RESPONDENTS", "SUPPRESSED", "suppress_small"]
