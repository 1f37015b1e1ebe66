"""Fælled's exceptions: raised when a run cannot proceed.

    FaelledError                  base; `message` says what happened and what to do next
    ├── SettingsError             a setting is missing or malformed
    ├── NotFound                  a named thing (municipality, dataset, KPI, …) does not exist
    │   └── UnknownName           a municipality name or code that resolves to nothing
    ├── AmbiguousName             a name that fits more than one place
    ├── InputError                a user's file or argument is unusable (file, row, column)
    ├── Gone                      a link or round that no longer takes answers (used, closed)
    └── DatabaseError             the database cannot be opened or is held by another process

Validation findings are *not* exceptions: they are data in a report. Every exception here carries
a message a municipal analyst understands; the CLI prints it without a traceback and the API
returns it in the one JSON error envelope.
"""

from __future__ import annotations


class FaelledError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class SettingsError(FaelledError):
    code = "settings"
    status = 500


class NotFound(FaelledError):
    code = "not_found"
    status = 404


class UnknownName(NotFound):
    code = "unknown_name"

    def __init__(self, name: str, candidates: list[str]) -> None:
        hint = (
            "Mente du / did you mean: " + ", ".join(candidates)
            if candidates
            else "Brug et kommunenavn eller en 3-cifret kommunekode, fx 'Aalborg' eller 851."
        )
        super().__init__(f"Ukendt kommune / unknown municipality: {name!r}", hint=hint)
        self.name = name
        self.candidates = candidates


class AmbiguousName(FaelledError):
    code = "ambiguous_name"

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__(
            f"Navnet passer på flere steder / the name fits several places: {name!r}",
            hint="Vælg en af / pick one of: " + ", ".join(candidates),
        )
        self.name = name
        self.candidates = candidates


class InputError(FaelledError):
    code = "input"


class DatabaseError(FaelledError):
    code = "database"
    status = 503


class Gone(FaelledError):
    code = "gone"
    status = 410
