"""Interface texts: Danish first, English second. Code and data stay language-neutral."""

from __future__ import annotations

from typing import Literal

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")

TEXTS: dict[str, dict[Lang, str]] = {
    "tagline": {
        "da": "Et åbent datafællesskab for Danmarks 98 kommuner",
        "en": "An open data commons for Denmark's 98 municipalities",
    },
    "home": {"da": "Forside", "en": "Home"},
    "municipalities": {"da": "Kommuner", "en": "Municipalities"},
    "municipality": {"da": "Kommune", "en": "Municipality"},
    "map_title": {"da": "Danmarks 98 kommuner", "en": "Denmark's 98 municipalities"},
    "colour_by": {"da": "Farv efter", "en": "Colour by"},
    "region": {"da": "Region", "en": "Region"},
    "kommunegruppe": {"da": "Kommunegruppe", "en": "Municipality group"},
    "landsdel": {"da": "Landsdel", "en": "Province"},
    "code": {"da": "Kommunekode", "en": "Municipality code"},
    "pick": {"da": "Vælg en kommune", "en": "Pick a municipality"},
    "search": {"da": "Søg kommune", "en": "Search municipality"},
    "go": {"da": "Vis", "en": "Show"},
    "api": {"da": "Åbent API", "en": "Open API"},
    "language": {"da": "English", "en": "Dansk"},
    "source": {
        "da": "Kilde: Danmarks Statistik og Klimadatastyrelsen (DAGI).",
        "en": "Source: Statistics Denmark and the Danish Agency for Climate Data (DAGI).",
    },
    "members": {"da": "kommuner", "en": "municipalities"},
    "same_group": {"da": "Samme kommunegruppe", "en": "Same municipality group"},
    "not_found": {"da": "Siden findes ikke", "en": "Page not found"},
    "error": {"da": "Der skete en fejl", "en": "Something went wrong"},
    "skip": {"da": "Spring til indhold", "en": "Skip to content"},
    "map_alt": {
        "da": "Kort over Danmarks kommuner farvet efter valgt inddeling",
        "en": "Map of Denmark's municipalities coloured by the chosen division",
    },
}


def translate(key: str, lang: Lang) -> str:
    entry = TEXTS.get(key)
    return entry[lang] if entry else key
