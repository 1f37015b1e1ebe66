"""Reference data shipped in the package: municipalities, regions, groups, boundaries, names."""

from faelled.reference.names import COUNTRY_CODE, Place, resolve, resolve_place
from faelled.reference.tables import (
    Kommunegruppe,
    Landsdel,
    Municipality,
    Reference,
    Region,
    boundaries,
    reference,
)

__all__ = [
    "COUNTRY_CODE",
    "Kommunegruppe",
    "Landsdel",
    "Municipality",
    "Place",
    "Reference",
    "Region",
    "boundaries",
    "reference",
    "resolve",
    "resolve_place",
]
