"""Interface texts for the demo build's banner (merged into `i18n.TEXTS`)."""

from __future__ import annotations

DEMO_TEXTS: dict[str, dict[str, str]] = {
    "demo_building": {
        "da": "Demo-fællesskabet bygges …",
        "en": "The demo commons is being built …",
    },
    "demo_building_lead": {
        "da": "Siden opdaterer sig selv, når nøgletallene er klar (1–2 minutter). Indtil da er "
        "sider med nøgletal tomme.",
        "en": "The page updates itself when the key figures are ready (1–2 minutes). Until then "
        "pages with key figures are empty.",
    },
    "demo_failed": {
        "da": "Demo-fællesskabet kunne ikke bygges",
        "en": "The demo commons could not be built",
    },
    "demo_step": {"da": "Trin", "en": "Step"},
    "demo_step_generate": {
        "da": "Danner syntetiske udtræk for 98 kommuner",
        "en": "Generating synthetic extracts for 98 municipalities",
    },
    "demo_step_prepare": {
        "da": "Opretter skema, spørgeskemaer og brugere",
        "en": "Creating schema, surveys and users",
    },
    "demo_step_ingest": {"da": "Indlæser datasæt", "en": "Loading datasets"},
    "demo_step_compute": {"da": "Beregner nøgletal", "en": "Computing key figures"},
    "demo_step_decisions": {
        "da": "Træffer diskretioneringsbeslutninger",
        "en": "Making suppression decisions",
    },
    "demo_step_catalogue": {
        "da": "Importerer Koladas katalog",
        "en": "Importing Kolada's catalogue",
    },
    "demo_step_done": {"da": "Færdig", "en": "Done"},
}
