"""Interface texts for signing in and the steward's pages (merged into `i18n.TEXTS`)."""

from __future__ import annotations

ACCESS_TEXTS: dict[str, dict[str, str]] = {
    "sign_in": {"da": "Log ind", "en": "Sign in"},
    "sign_out": {"da": "Log ud", "en": "Sign out"},
    "username": {"da": "Brugernavn", "en": "Username"},
    "password": {"da": "Adgangskode", "en": "Password"},
    "signed_in_as": {"da": "Logget ind som", "en": "Signed in as"},
    "sign_in_lead": {
        "da": "For kommunernes medarbejdere og operatøren. Offentlige nøgletal kræver intet login.",
        "en": "For municipal staff and the operator. Public key figures need no sign-in.",
    },
    "steward": {"da": "Forvaltning", "en": "Governance"},
    "agreements": {"da": "Aftaler", "en": "Agreements"},
    "audit_log": {"da": "Audit-log", "en": "Audit log"},
    "subject_access": {"da": "Indsigtsanmodning", "en": "Subject access request"},
    "subject_access_lead": {
        "da": "Indtast borgerens CPR-nummer. Det gemmes ikke: kun dets pseudonym søges og logges.",
        "en": "Enter the citizen's CPR number. It is not stored: only its pseudonym is searched "
        "for and logged.",
    },
    "cpr": {"da": "CPR-nummer", "en": "CPR number"},
    "make_report": {"da": "Lav rapport", "en": "Make report"},
    "municipality_code": {"da": "Kommune", "en": "Municipality"},
    "kind": {"da": "Type", "en": "Kind"},
    "signed": {"da": "Underskrevet", "en": "Signed"},
    "valid": {"da": "Gyldig", "en": "Valid"},
    "domains": {"da": "Delte domæner", "en": "Shared domains"},
    "processor": {"da": "Databehandler", "en": "Processor"},
    "sub_processors": {"da": "Underdatabehandlere", "en": "Sub-processors"},
    "embargo_days": {"da": "Embargo (dage)", "en": "Embargo (days)"},
    "add_agreement": {"da": "Registrér aftale", "en": "Register agreement"},
    "end": {"da": "Afslut", "en": "End"},
    "when": {"da": "Tidspunkt", "en": "When"},
    "who": {"da": "Hvem", "en": "Who"},
    "event": {"da": "Hændelse", "en": "Event"},
    "resource": {"da": "Ressource", "en": "Resource"},
    "purpose": {"da": "Formål", "en": "Purpose"},
    "export_csv": {"da": "Eksportér (CSV)", "en": "Export (CSV)"},
    "export_json": {"da": "Eksportér (JSON)", "en": "Export (JSON)"},
    "no_rows": {"da": "Ingen data om personen.", "en": "No data about the person."},
    "datasets_found": {"da": "Datasæt med data om personen", "en": "Datasets holding the person"},
    "accesses": {"da": "Opslag der har berørt data", "en": "Accesses that touched the data"},
    "loads": {"da": "Leverancer", "en": "Loads"},
    "none": {"da": "Ingen", "en": "None"},
    "quarantined": {"da": "Rækker i karantæne", "en": "Rows in quarantine"},
    "row": {"da": "række", "en": "row"},
    "unsearched": {
        "da": "Kunne ikke gennemsøges (ingen kommune- eller personkolonne i tabellen)",
        "en": "Could not be searched (no municipality or person column in the table)",
    },
}
