"""Interface texts of the survey pages, Danish first. Instrument wording lives in the YAML item
banks; these are the words around it."""

from __future__ import annotations

from faelled.web.i18n import Lang

TEXTS: dict[str, dict[Lang, str]] = {
    "survey": {"da": "Parathed til forandring", "en": "Readiness for change"},
    "survey_lead": {
        "da": "Mål det, der afgør, om data bliver brugt: Knosters tjekliste, de seks kernebehov, "
        "tankesæt fra og til, datamodenhed og forandringens type – og se det flytte sig fra runde "
        "til runde.",
        "en": "Measure what decides whether data is used: Knoster's checklist, the six core "
        "needs, mindset from and to, data maturity and the type of change – and see it move from "
        "round to round.",
    },
    "initiatives": {"da": "Initiativer", "en": "Initiatives"},
    "no_initiatives": {
        "da": "Ingen initiativer endnu. Opret et med 'faelled survey create'.",
        "en": "No initiatives yet. Create one with 'faelled survey create'.",
    },
    "round": {"da": "Runde", "en": "Round"},
    "rounds": {"da": "Runder", "en": "Rounds"},
    "responses": {"da": "svar", "en": "responses"},
    "open": {"da": "åben", "en": "open"},
    "closed": {"da": "lukket", "en": "closed"},
    "closes": {"da": "lukker", "en": "closes"},
    "units": {"da": "Enheder", "en": "Units"},
    "unit": {"da": "Enhed", "en": "Unit"},
    "show": {"da": "Vis", "en": "Show"},
    "too_few": {
        "da": "Intet at vise her: for få svar (mindst {n}), eller skjult for at beskytte en "
        "mindre gruppe.",
        "en": "Nothing to show here: too few answers (at least {n}), or hidden to protect a "
        "smaller group.",
    },
    "respondents": {"da": "Svarpersoner", "en": "Respondents"},
    "hidden_too_few": {
        "da": "skjult: færre end {n} svar",
        "en": "hidden: fewer than {n} responses",
    },
    "hidden_protects": {
        "da": "skjult for at beskytte en mindre gruppe",
        "en": "hidden to protect a smaller group",
    },
    "anonymity": {
        "da": "Resultater vises kun for grupper med mindst {n} svar, og en gruppe kan skjules, så "
        "en mindre gruppe ikke kan regnes ud ved at trække søskende fra forælderen.",
        "en": "Results are shown only for groups with at least {n} responses, and a group may be "
        "hidden so that a smaller one cannot be worked out by subtracting siblings from the "
        "parent.",
    },
    "knoster": {"da": "Tjekliste for kompleks forandring", "en": "Checklist for complex change"},
    "weakest": {"da": "Svageste element", "en": "Weakest element"},
    "predicts": {"da": "forventet virkning", "en": "predicted effect"},
    "all_present": {"da": "Alle seks elementer er til stede", "en": "All six elements are present"},
    "no_headline": {"da": "For få svar til en overskrift", "en": "Too few answers for a headline"},
    "present": {"da": "til stede", "en": "present"},
    "at_risk": {"da": "i fare", "en": "at risk"},
    "missing": {"da": "mangler", "en": "missing"},
    "unknown": {"da": "skjult / for få svar", "en": "hidden / too few answers"},
    "element": {"da": "Element", "en": "Element"},
    "mean": {"da": "Gennemsnit (1–5)", "en": "Mean (1–5)"},
    "status": {"da": "Status", "en": "Status"},
    "dont_know_share": {"da": "Ved ikke", "en": "Don't know"},
    "symptoms": {"da": "Symptomer", "en": "Symptoms"},
    "agree_share": {"da": "Andel enige", "en": "Share agreeing"},
    "needs": {"da": "Seks kernebehov", "en": "Six core needs"},
    "need": {"da": "Behov", "en": "Need"},
    "threatened": {"da": "truet", "en": "threatened"},
    "threatened_list": {"da": "Truede behov", "en": "Threatened needs"},
    "none": {"da": "Ingen", "en": "None"},
    "mindset": {"da": "Fra og til i de fire kvadranter", "en": "From and to in the four quadrants"},
    "today": {"da": "I dag", "en": "Today"},
    "desired": {"da": "Ønsket", "en": "Desired"},
    "gap": {"da": "Afstand", "en": "Distance"},
    "quadrant": {"da": "Kvadrant", "en": "Quadrant"},
    "from_to_axis": {"da": "1 = fra … 5 = til", "en": "1 = from … 5 = to"},
    "maturity": {"da": "Datamodenhed", "en": "Data maturity"},
    "maturity_note": {
        "da": "Ingen samlet score: en total skjuler, hvor der skal handles.",
        "en": "No total score: a total hides where to act.",
    },
    "topic": {"da": "Emne", "en": "Topic"},
    "theme": {"da": "Tema", "en": "Theme"},
    "level": {"da": "Niveau", "en": "Level"},
    "evidence": {"da": "Dokumentation", "en": "Evidence"},
    "changetype": {"da": "Hvor stor er forandringen?", "en": "How big is the change?"},
    "developmental": {"da": "Udviklende", "en": "Developmental"},
    "transitional": {"da": "Overgang", "en": "Transitional"},
    "transformational": {"da": "Transformerende", "en": "Transformational"},
    "most_say": {"da": "De fleste peger på", "en": "Most point to"},
    "change": {"da": "Udvikling siden runde {r}", "en": "Change since round {r}"},
    "change_axis": {"da": "Ændring (95 % interval)", "en": "Change (95% interval)"},
    "no_previous": {
        "da": "Første runde: der er endnu intet at sammenligne med.",
        "en": "First round: nothing to compare with yet.",
    },
    "warnings": {"da": "Advarselstegn", "en": "Warning signs"},
    "warnings_lead": {
        "da": "Fald, der er tydelige (hele intervallet under nul), og elementer, hvis status er "
        "blevet dårligere. Brug dem til at korrigere kursen.",
        "en": "Clear declines (the whole interval below zero) and elements whose status got "
        "worse. Use them to correct course.",
    },
    "no_warnings": {"da": "Ingen advarselstegn.", "en": "No warning signs."},
    "reliability": {"da": "Pålidelighed (Cronbachs α)", "en": "Reliability (Cronbach's α)"},
    "scale": {"da": "Skala", "en": "Scale"},
    "complete_answers": {"da": "komplette svar", "en": "complete answers"},
    "commons": {"da": "Data som fælled", "en": "Data as a commons"},
    "commons_lead": {
        "da": "Hver enheds bidrag til kvaliteten af de fælles data: seneste indlæsning af de "
        "datasæt, enheden ejer.",
        "en": "Each unit's contribution to the quality of the shared data: the latest load of "
        "the datasets it owns.",
    },
    "no_data_yet": {"da": "Ingen data endnu", "en": "No data yet"},
    "dataset": {"da": "Datasæt", "en": "Dataset"},
    "quality": {"da": "Kvalitet", "en": "Quality"},
    # the form
    "form_intro": {
        "da": "Dine svar er anonyme: linket kan kun bruges én gang, og vi gemmer hverken navn, "
        "IP-adresse eller tidspunkt – kun dagen. Resultater vises kun for grupper med mindst 5 "
        "svar. Du kan springe spørgsmål over.",
        "en": "Your answers are anonymous: the link works once, and we keep neither name, IP "
        "address nor time – only the day. Results are shown only for groups of at least 5. You "
        "may skip questions.",
    },
    "your_unit": {"da": "Din enhed", "en": "Your unit"},
    "pick_unit": {"da": "Vælg din enhed", "en": "Pick your unit"},
    "optional": {"da": "Valgfrit", "en": "Optional"},
    "symptoms_intro": {
        "da": "Genkender du noget af dette fra forandringen?",
        "en": "Do you recognise any of this from the change?",
    },
    "evidence_label": {
        "da": "Hvad bygger du det på? (valgfrit)",
        "en": "What do you base this on? (optional)",
    },
    "submit": {"da": "Send svar", "en": "Send answers"},
    "thanks": {"da": "Tak for dine svar", "en": "Thank you for your answers"},
    "thanks_lead": {
        "da": "Dine svar er modtaget. Linket kan ikke bruges igen.",
        "en": "Your answers have been received. The link cannot be used again.",
    },
    "see_results": {"da": "Se resultaterne", "en": "See the results"},
    "form_error": {"da": "Svarene blev ikke sendt", "en": "The answers were not sent"},
}


def survey_text(key: str, lang: Lang, **values: object) -> str:
    entry = TEXTS.get(key)
    text = entry[lang] if entry else key
    return text.format(**values) if values else text
