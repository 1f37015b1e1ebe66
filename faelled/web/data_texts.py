"""Interface texts for the data page's quality table and loads (merged into `i18n.TEXTS`)."""

from __future__ import annotations

DATA_TEXTS: dict[str, dict[str, str]] = {
    "gaps": {"da": "Huller i leverancerne", "en": "Gaps in the deliveries"},
    "gaps_lead": {
        "da": "Kommuner, der mangler et år, som fællesskabet har fra andre kommuner: ikke sendt "
        "eller afvist. Nøgletal over datasættet har ingen værdi for de år, og for forløb "
        "(ydelser) heller ikke for årene efter et hul. Send filen igen, så kommer tallene.",
        "en": "Municipalities missing a year the commons has from others: not sent, or refused. "
        "Key figures over the dataset have no value for those years, and for spells (benefits) "
        "not for the years after a gap either. Send the file again and the figures appear.",
    },
    "gaps_missing": {"da": "Mangler", "en": "Missing"},
    "gaps_none": {"da": "ingen leverancer", "en": "no deliveries"},
    "gaps_more": {"da": "flere rækker ikke vist", "en": "more rows not shown"},
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
    "q_filter": {"da": "Filtrér datakvaliteten", "en": "Filter the data quality"},
    "q_all_regions": {"da": "Alle regioner", "en": "All regions"},
    "q_all_municipalities": {"da": "Alle kommuner", "en": "All municipalities"},
    "q_all_domains": {"da": "Alle områder", "en": "All domains"},
    "q_view": {"da": "Visning", "en": "View"},
    "q_view_municipality": {"da": "Pr. kommune", "en": "Per municipality"},
    "q_view_domain": {"da": "Pr. kommune og område", "en": "Per municipality and domain"},
    "q_caption_municipality": {
        "da": "Datakvalitet pr. kommune (gennemsnit over alle kommunens datasæt)",
        "en": "Data quality per municipality (mean over all its datasets)",
    },
    "q_caption_domain": {
        "da": "Datakvalitet pr. kommune og område",
        "en": "Data quality per municipality and domain",
    },
    "q_sorted_by": {"da": "sorteret efter", "en": "sorted by"},
    "q_rows": {"da": "række", "en": "rows"},
    "q_of": {"da": "af", "en": "of"},
    "q_worst_domain": {"da": "Svageste område", "en": "Weakest domain"},
    "q_drill": {"da": "Se kvaliteten pr. område", "en": "See the quality per domain"},
    "q_drill_note": {
        "da": "Klik på en kommune for at se kvaliteten pr. område.",
        "en": "Click a municipality to see its quality per domain.",
    },
    "q_datasets_caption": {
        "da": "Datasæt og seneste indlæsning",
        "en": "Datasets and their latest load",
    },
    "q_back": {"da": "Alle kommuner", "en": "All municipalities"},
    "q_pages": {"da": "Sider i datakvaliteten", "en": "Pages of the data quality"},
    "q_previous": {"da": "Forrige", "en": "Previous"},
    "q_next": {"da": "Næste", "en": "Next"},
    "q_no_rows": {
        "da": "Ingen kvalitetsmål med disse filtre.",
        "en": "No quality scores with these filters.",
    },
    "q_how": {"da": "Sådan måles datakvaliteten", "en": "How data quality is measured"},
    "q_def_completeness": {
        "da": "Andelen af de påkrævede celler, der har en værdi.",
        "en": "The share of required cells that hold a value.",
    },
    "q_def_validity": {
        "da": "Andelen af rækker, der består alle fejlregler (resten sættes i karantæne).",
        "en": "The share of rows that pass every error rule (the rest are quarantined).",
    },
    "q_def_uniqueness": {
        "da": "Andelen af rækker, hvis nøgle ingen tidligere række i leverancen har.",
        "en": "The share of rows whose key no earlier row in the delivery has.",
    },
    "q_def_timeliness": {
        "da": "Om leverancens nyeste periode kom i tide: 100 % når den indlæses senest 90 dage "
        "efter periodens slutning, faldende jævnt til 0 % 455 dage efter (90 + 365). Ældre "
        "perioder i samme leverance tæller ikke: en historik for 2020–2024 bedømmes på 2024. "
        "Data for et år, der indlæses næsten to år senere, får 0 %.",
        "en": "Whether the delivery's newest period arrived on time: 100 % when it is loaded "
        "within 90 days of the period's end, falling evenly to 0 % 455 days after it "
        "(90 + 365). Older periods in the same delivery do not count: a 2020–2024 history is "
        "judged on 2024. Data for a year loaded almost two years later scores 0 %.",
    },
    "q_def_score": {
        "da": "Gennemsnittet af de mål, der findes (aktualitet kun når datasættet har en periode).",
        "en": "The mean of the measures present (timeliness only when the dataset has a period).",
    },
    "q_map_note": {
        "da": "Samlet score pr. kommune og område for de valgte filtre, alle kommuner.",
        "en": "Overall score per municipality and domain for the chosen filters, every "
        "municipality.",
    },
    "q_all_late": {
        "da": "Aktualitet er 0 % i alle leverancer her: deres nyeste periode sluttede mere end "
        "455 dage før indlæsningen (fx demoens data for 2020–2024, indlæst i dag). Det er "
        "ikke en fejl, men forsinkede data — og derfor kan den samlede score højst blive "
        "75 %, så kortet står i det laveste bånd.",
        "en": "Timeliness is 0 % in every delivery here: their newest period ended more than "
        "455 days before loading (e.g. the demo's 2020–2024 data, loaded today). That is not "
        "a fault but late data — so the overall score is at most 75 %, and the map sits in "
        "the lowest band.",
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
