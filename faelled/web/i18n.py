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
    "survey": {"da": "Forandring", "en": "Change"},
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
    "main_menu": {"da": "Hovedmenu", "en": "Main menu"},
    "catalogue": {"da": "Katalog", "en": "Catalogue"},
    "data": {"da": "Data", "en": "Data"},
    "division": {"da": "Inddeling", "en": "Division"},
    "kpis": {"da": "Nøgletal", "en": "Key figures"},
    "map_suppressed": {
        "da": "Diskretionerede kommuner (grå)",
        "en": "Suppressed municipalities (grey)",
    },
    "map_kpi": {"da": "Kort", "en": "Map"},
    "map_kpi_alt": {
        "da": "Kort over kommunerne farvet efter nøgletal",
        "en": "Map of the municipalities coloured by key figure",
    },
    "value": {"da": "Værdi", "en": "Value"},
    "note": {"da": "Bemærk", "en": "Note"},
    "no_value": {"da": "ingen værdi", "en": "no value"},
    "no_value_count": {
        "da": "Kommuner uden værdi (ingen godkendt leverance for perioden, en leverance mangler "
        "i rækken af år, eller nævneren er 0)",
        "en": "Municipalities without a value (no accepted delivery for the period, a year's "
        "delivery missing before it, or a denominator of 0)",
    },
    "suppressed": {"da": "diskretioneret", "en": "suppressed"},
    "suppressed_count": {"da": "Diskretionerede kommuner", "en": "Suppressed municipalities"},
    "suppression_rule": {
        "da": "Tal bag færre end 3 personer vises ikke "
        "(diskretionering, Danmarks Statistiks regel).",
        "en": "Figures behind fewer than 3 persons are not shown (Statistics Denmark's rule).",
    },
    "period": {"da": "Periode", "en": "Period"},
    "area": {"da": "Område", "en": "Area"},
    "rank": {"da": "Placering", "en": "Rank"},
    "rank_axis": {"da": "Kommuner, bedst først", "en": "Municipalities, best first"},
    "in_group": {"da": "i gruppen", "en": "in group"},
    "trend": {"da": "Udvikling", "en": "Trend"},
    "country": {"da": "Hele landet", "en": "All Denmark"},
    "verdict_better": {"da": "Bedre end landet", "en": "Better than the country"},
    "verdict_worse": {"da": "Dårligere end landet", "en": "Worse than the country"},
    "verdict_same": {"da": "Som landet", "en": "As the country"},
    "no_figures": {
        "da": "Der er endnu ingen nøgletal for kommunen.",
        "en": "There are no key figures for this municipality yet.",
    },
    "all_municipalities": {"da": "Alle kommuner", "en": "All municipalities"},
    "time_series": {"da": "Udvikling over tid", "en": "Over time"},
    "ranking": {"da": "Kommunerne rangeret", "en": "Municipalities ranked"},
    "table": {"da": "Tabel", "en": "Table"},
    "definition": {"da": "Definition", "en": "Definition"},
    "unit": {"da": "Enhed", "en": "Unit"},
    "direction": {"da": "Retning", "en": "Direction"},
    "domain": {"da": "Område", "en": "Domain"},
    "numerator": {"da": "Tæller", "en": "Numerator"},
    "denominator": {"da": "Nævner", "en": "Denominator"},
    "datasets": {"da": "Datasæt", "en": "Datasets"},
    "dataset": {"da": "Datasæt", "en": "Dataset"},
    "breakdowns": {"da": "Opdelinger", "en": "Breakdowns"},
    "periodicity": {"da": "Periodicitet", "en": "Periodicity"},
    "periodicity_year": {"da": "Kalenderår", "en": "Calendar year"},
    "periodicity_school_year": {"da": "Skoleår", "en": "School year"},
    "periodicity_month": {"da": "Måned", "en": "Month"},
    "publication_date": {"da": "Publiceret", "en": "Published"},
    "source_label": {"da": "Kilde", "en": "Source"},
    "owner": {"da": "Ejer", "en": "Owner"},
    "status": {"da": "Status", "en": "Status"},
    "status_published": {"da": "Offentliggjort", "en": "Published"},
    "status_draft": {"da": "Kladde", "en": "Draft"},
    "version": {"da": "Version", "en": "Version"},
    "id": {"da": "Id", "en": "Id"},
    "downloads": {"da": "Hent data", "en": "Download"},
    "download_period": {"da": "Alle kommuner i perioden", "en": "All municipalities in the period"},
    "download_municipality": {"da": "Kommunen over tid", "en": "The municipality over time"},
    "direction_higher_is_better": {"da": "Højere er bedre", "en": "Higher is better"},
    "direction_lower_is_better": {"da": "Lavere er bedre", "en": "Lower is better"},
    "direction_neutral": {"da": "Neutral", "en": "Neutral"},
    "catalogue_lead": {
        "da": "Søg i alle kendte nøgletal: Fælleds egne og importerede kataloger som Koladas.",
        "en": "Search every known key figure: Fælled's own and imported catalogues like Kolada's.",
    },
    "entries": {"da": "nøgletal", "en": "key figures"},
    "search_kpis": {"da": "Søg nøgletal", "en": "Search key figures"},
    "all_domains": {"da": "Alle områder", "en": "All domains"},
    "hits": {"da": "fund", "en": "hits"},
    "no_hits": {"da": "Ingen nøgletal matcher.", "en": "No key figure matches."},
    "data_lead": {
        "da": "Datasættene i fællesskabet, deres kontrakter og hvad der er indlæst.",
        "en": "The commons' datasets, their contracts and what has been loaded.",
    },
    "no_loads": {"da": "Der er ingen indlæsninger endnu.", "en": "No loads yet."},
    "no_loads_short": {"da": "ingen endnu", "en": "none yet"},
    "columns": {"da": "Kolonner", "en": "Columns"},
    "rules": {"da": "Regler", "en": "Rules"},
    "retention": {"da": "Opbevaring", "en": "Retention"},
    "years": {"da": "år", "en": "years"},
    "loads": {"da": "Indlæsninger", "en": "Loads"},
    "rows": {"da": "rækker", "en": "rows"},
    "quarantined": {"da": "i karantæne", "en": "quarantined"},
    "domain_employment": {"da": "Beskæftigelse", "en": "Employment"},
    "domain_schools": {"da": "Skole", "en": "Schools"},
    "domain_economy": {"da": "Økonomi", "en": "Economy"},
    "domain_elderly": {"da": "Ældre", "en": "Elderly care"},
    "domain_staff": {"da": "Personale", "en": "Staff"},
    "domain_structure": {"da": "Strukturelle forhold", "en": "Structure"},
    "domain_data_quality": {"da": "Datakvalitet", "en": "Data quality"},
    "unit_percent": {"da": "%", "en": "%"},
    "unit_per_1000": {"da": "pr. 1.000", "en": "per 1,000"},
    "unit_dkk_per_inhabitant": {"da": "kr. pr. indbygger", "en": "DKK per inhabitant"},
    "unit_dkk_per_pupil": {"da": "kr. pr. elev", "en": "DKK per pupil"},
    "unit_dkk": {"da": "kr.", "en": "DKK"},
    "unit_days": {"da": "dage", "en": "days"},
    "unit_hours": {"da": "timer", "en": "hours"},
    "unit_grade_points": {"da": "karakterpoint", "en": "grade points"},
    "unit_score": {"da": "point", "en": "points"},
    "unit_number": {"da": "antal", "en": "number"},
    "unit_ratio": {"da": "forhold", "en": "ratio"},
    "unit_fte": {"da": "årsværk", "en": "FTE"},
}


def translate(key: str, lang: Lang) -> str:
    entry = TEXTS.get(key)
    return entry[lang] if entry else key


def _merge() -> None:
    # Each area keeps its own texts beside its pages; all are looked up through TEXTS.
    from faelled.web.access_texts import ACCESS_TEXTS
    from faelled.web.benchmark_texts import BENCHMARK_TEXTS
    from faelled.web.data_texts import DATA_TEXTS
    from faelled.web.demo_texts import DEMO_TEXTS

    texts = (ACCESS_TEXTS, BENCHMARK_TEXTS, DATA_TEXTS, DEMO_TEXTS)
    for key, entry in (item for t in texts for item in t.items()):
        TEXTS[key] = {"da": entry["da"], "en": entry["en"]}


_merge()
