"""Interface texts for the data page's quality table and loads (merged into `i18n.TEXTS`)."""

from __future__ import annotations

DATA_TEXTS: dict[str, dict[str, str]] = {
    "quality": {"da": "Datakvalitet", "en": "Data quality"},
    "quality_lead": {
        "da": "Data som fælles gode: hvor gode data hver kommune leverer, pr. domæne. Gennemsnit "
        "over domænets datasæt, seneste indlæsning af hvert.",
        "en": "Data as a commons: how good the data each municipality contributes is, per domain. "
        "Mean over the domain's datasets, the latest load of each.",
    },
    "no_quality": {
        "da": "Ingen kvalitetsmål endnu: de beregnes ved hver indlæsning.",
        "en": "No quality scores yet: each load computes them.",
    },
    "datasets_n": {"da": "Datasæt", "en": "Datasets"},
    "completeness": {"da": "Fuldstændighed", "en": "Completeness"},
    "validity": {"da": "Gyldighed", "en": "Validity"},
    "uniqueness": {"da": "Entydighed", "en": "Uniqueness"},
    "timeliness": {"da": "Aktualitet", "en": "Timeliness"},
    "score": {"da": "Samlet", "en": "Overall"},
    "sort_by": {"da": "Sortér efter", "en": "Sort by"},
    "quality_map": {
        "da": "Kvalitet pr. kommune og domæne",
        "en": "Quality by municipality and domain",
    },
    "quality_legend": {
        "da": "Samlet score: ≥ 98 %, ≥ 95 %, ≥ 90 %, ≥ 80 %, under 80 %, ingen data.",
        "en": "Overall score: ≥ 98 %, ≥ 95 %, ≥ 90 %, ≥ 80 %, below 80 %, no data.",
    },
    "recent_loads": {"da": "Seneste indlæsninger", "en": "Recent loads"},
    "load": {"da": "Indlæsning", "en": "Load"},
    "finished": {"da": "Afsluttet", "en": "Finished"},
    "report": {"da": "Rapport", "en": "Report"},
    "samples_note": {
        "da": "Rapporter viser antal og rækkenumre. Eksempelrækker og rækker i karantæne er "
        "persondata: kun kommunens analytikere og data-ansvarlige ser dem, med et formål, og "
        "opslaget logges.",
        "en": "Reports show counts and row numbers. Sampled and quarantined rows are personal "
        "data: only the municipality's analysts and stewards see them, with a purpose, and the "
        "read is logged.",
    },
}
