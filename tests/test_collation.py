"""Danish alphabetical order for municipality names."""

from __future__ import annotations

from faelled.reference import reference
from faelled.reference.collation import danish_key


def test_ae_oe_aa_come_last_in_that_order_and_aa_is_aa() -> None:
    names = ["Aalborg", "Ærø", "Aabenraa", "Odsherred", "Vordingborg", "Ålborg", "Østerbro"]
    names.append("Allerød")
    assert sorted(names, key=danish_key) == [
        "Allerød", "Odsherred", "Vordingborg", "Ærø", "Østerbro", "Aabenraa", "Aalborg", "Ålborg",
    ]  # fmt: skip


def test_the_98_municipalities_in_danish_order() -> None:
    names = sorted((m.name for m in reference().municipalities), key=danish_key)
    assert len(names) == 98 and names[:2] == ["Albertslund", "Allerød"]
    assert names[-5:] == ["Viborg", "Vordingborg", "Ærø", "Aabenraa", "Aalborg", "Aarhus"][1:]
    assert names.index("Høje-Taastrup") < names.index("Hørsholm") < names.index("Ikast-Brande")
