"""Interface texts for the benchmark page (merged into `i18n.TEXTS`)."""

from __future__ import annotations

BENCHMARK_TEXTS: dict[str, dict[str, str]] = {
    "bm_title": {"da": "Sammenligning", "en": "Benchmark"},
    "bm_lead": {
        "da": "Hvordan klarer kommunen sig mod kommuner, der ligner den, og mod hvad dens "
        "strukturelle forhold lader forvente?",
        "en": "How does the municipality do against municipalities like it, and against what "
        "its structural conditions predict?",
    },
    "bm_link": {"da": "Sammenlign", "en": "Benchmark"},
    "bm_group": {"da": "Sammenlign med", "en": "Compare with"},
    "bm_kind_computed": {"da": "Sammenligningskommuner", "en": "Comparable municipalities"},
    "bm_kind_nearest": {"da": "Nærmeste kommuner", "en": "Nearest municipalities"},
    "bm_kind_kommunegruppe": {"da": "Kommunegruppen", "en": "Municipality group"},
    "bm_kind_region": {"da": "Regionen", "en": "Region"},
    "bm_kind_user": {"da": "Egen gruppe", "en": "User group"},
    "bm_fallback": {
        "da": "Sammenligningskommuner kan ikke beregnes uden domænets strukturdata; "
        "kommunegruppen bruges i stedet",
        "en": "Comparable municipalities cannot be computed without the domain's structural "
        "data; the municipality group stands in",
    },
    "bm_why": {"da": "Hvorfor disse kommuner", "en": "Why these municipalities"},
    "bm_indicators": {"da": "Indikatorer", "en": "Indicators"},
    "bm_base_years": {"da": "Basisår", "en": "Base years"},
    "bm_k": {"da": "Antal (k)", "en": "Number (k)"},
    "bm_distance": {"da": "Afstand", "en": "Distance"},
    "bm_standing": {"da": "Placering", "en": "Standing"},
    "bm_rank_all": {"da": "Blandt alle kommuner", "en": "Among all municipalities"},
    "bm_rank_peers": {"da": "Blandt sammenligningsgruppen", "en": "Among the group"},
    "bm_percentile": {"da": "Percentil", "en": "Percentile"},
    "bm_percentile_note": {
        "da": "100 = bedst af alle, 0 = dårligst",
        "en": "100 = best of all, 0 = worst",
    },
    "bm_of": {"da": "af", "en": "of"},
    "bm_peer_weighted": {"da": "Gruppens værdi, vægtet", "en": "Group value, weighted"},
    "bm_peer_unweighted": {"da": "Gruppens værdi, uvægtet", "en": "Group value, unweighted"},
    "bm_difference": {"da": "Forskel til gruppen", "en": "Difference from the group"},
    "bm_z": {"da": "z-score mod gruppen", "en": "z-score against the group"},
    "bm_trend": {"da": "Udvikling pr. år", "en": "Trend per year"},
    "bm_trend_note": {"da": "95%-konfidensinterval", "en": "95% confidence interval"},
    "bm_verdict": {"da": "Vurdering", "en": "Verdict"},
    "bm_verdict_model_better": {"da": "Bedre end forventet", "en": "Better than expected"},
    "bm_verdict_model_as_expected": {"da": "Som forventet", "en": "As expected"},
    "bm_verdict_model_worse": {"da": "Dårligere end forventet", "en": "Worse than expected"},
    "bm_verdict_peers_better": {
        "da": "Bedre end sammenligningsgruppen",
        "en": "Better than the group",
    },
    "bm_verdict_peers_as_expected": {"da": "Som sammenligningsgruppen", "en": "As the group"},
    "bm_verdict_peers_worse": {
        "da": "Dårligere end sammenligningsgruppen",
        "en": "Worse than the group",
    },
    "bm_no_verdict": {
        "da": "Ingen vurdering (neutralt nøgletal eller for få tal)",
        "en": "No verdict (a neutral key figure, or too few figures)",
    },
    "bm_suppressed_value": {
        "da": "Kommunens tal er diskretioneret i perioden: det vises ikke og indgår ikke i "
        "sammenligningen.",
        "en": "The municipality's figure is suppressed in this period: it is not shown and not "
        "compared.",
    },
    "bm_no_value": {
        "da": "Kommunen har ingen værdi i perioden, som du må se.",
        "en": "The municipality has no value in this period that you may see.",
    },
    "bm_scatter": {"da": "Forventet mod faktisk", "en": "Expected versus actual"},
    "bm_scatter_lead": {
        "da": "Hver prik er en kommune: vandret det, dens strukturelle forhold lader forvente, "
        "lodret den faktiske værdi; den lodrette streg er 95%-prædiktionsintervallet. Over den "
        "stiplede linje er værdien højere end forventet.",
        "en": "Each dot is a municipality: across, what its structural conditions predict; up, "
        "the actual value; the vertical bar is the 95% prediction interval. Above the dashed "
        "line the value is higher than expected.",
    },
    "bm_expected": {"da": "Forventet", "en": "Expected"},
    "bm_actual": {"da": "Faktisk", "en": "Actual"},
    "bm_lower": {"da": "Nedre grænse", "en": "Lower bound"},
    "bm_upper": {"da": "Øvre grænse", "en": "Upper bound"},
    "bm_interval": {"da": "95%-interval", "en": "95% interval"},
    "bm_residual": {"da": "Residual", "en": "Residual"},
    "bm_flag_above": {"da": "Over intervallet", "en": "Above the interval"},
    "bm_flag_below": {"da": "Under intervallet", "en": "Below the interval"},
    "bm_flag_within": {"da": "Inden for intervallet", "en": "Within the interval"},
    "bm_flagged": {"da": "Uden for intervallet", "en": "Outside the interval"},
    "bm_fit": {"da": "Modellens forklaringsgrad (R²)", "en": "Model fit (R²)"},
    "bm_no_model": {
        "da": "Ingen model: strukturdata mangler, eller for få kommuner har et tal.",
        "en": "No model: structural data are missing, or too few municipalities have a figure.",
    },
    "bm_table_alt": {
        "da": "Tabel: forventet og faktisk værdi for alle kommuner",
        "en": "Table: expected and actual value for every municipality",
    },
    "bm_method": {"da": "Metodenote", "en": "Method note"},
    "bm_method_groups": {
        "da": "Hver indikator standardiseres over kommunerne (gennemsnit af basisårene); de k "
        "nærmeste kommuner (euklidisk afstand) er sammenligningskommunerne. Basisårene ligger "
        "fast, så grupperne ikke flytter sig, når nye tal kommer.",
        "en": "Each indicator is standardised across municipalities (mean of the base years); "
        "the k nearest municipalities (Euclidean distance) are the comparable ones. The base "
        "years stay fixed, so the groups do not move when new figures arrive.",
    },
    "bm_method_all": {
        "da": "Hele metodenoten for området, med alle nøgletal",
        "en": "The domain's whole method note, with every key figure",
    },
    "bm_stability": {"da": "Stabilitet", "en": "Stability"},
    "bm_stability_text": {
        "da": "Grupper beregnet på ét års indikatorer deler i gennemsnit så mange medlemmer med "
        "næste års",
        "en": "Groups computed on one year's indicators share on average this many members "
        "with the next year's",
    },
    "bm_base_vs_last": {
        "da": "Basisgruppernes overlap med grupper fra seneste år alene",
        "en": "Overlap of the base groups with groups from the latest year alone",
    },
    "bm_year": {"da": "År", "en": "Year"},
    "bm_next_year": {"da": "Næste år", "en": "Next year"},
    "bm_overlap": {"da": "Overlap", "en": "Overlap"},
    "bm_periods": {"da": "Perioder", "en": "Periods"},
    "bm_latest": {"da": "Seneste", "en": "Latest"},
    "bm_r2_latest": {"da": "R² seneste", "en": "R² latest"},
    "bm_r2_mean": {"da": "R² gns.", "en": "R² mean"},
    "bm_flag_rate": {"da": "Uden for interval", "en": "Flagged"},
    "bm_no_method": {
        "da": "Metodenoten kræver domænets strukturdata (datasættene socioeconomic og "
        "population). Domænets indikatorer:",
        "en": "The method note needs the domain's structural data (the datasets socioeconomic "
        "and population). The domain's indicators:",
    },
    "bm_peers_line": {"da": "Sammenligningskommuner", "en": "Comparable municipalities"},
    "bm_in_peers": {"da": "blandt sammenligningskommuner", "en": "among comparable"},
}
