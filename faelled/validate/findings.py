"""A finding: one problem found in a delivery, as data (modelled on frictionless-py's errors).

A finding names the rule that failed (a slug), how serious it is, the column, how many rows it
affects, a sample of the failing source rows with their row numbers, and a message in Danish and
English with what to do. Findings are never exceptions: a delivery can have many, and the analyst
acts on all of them at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Msg:
    """A text in Danish and English."""

    da: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da

    def format(self, **values: Any) -> Msg:
        return Msg(self.da.format(**values), self.en.format(**values))

    def to_dict(self) -> dict[str, str]:
        return {"da": self.da, "en": self.en}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # slug: "type-error", "missing-value", a contract rule's id, …
    severity: Severity
    message: Msg
    column: str | None = None
    count: int = 0  # rows affected; 0 for a finding about the delivery as a whole
    rows: tuple[int, ...] = ()  # source row numbers of the sample (header = row 1)
    sample: tuple[dict[str, Any], ...] = field(default=())  # {"row": n, column: value as written}
    hint: Msg | None = None  # what to do next

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "column": self.column,
            "count": self.count,
            "rows": list(self.rows),
            "sample": [dict(s) for s in self.sample],
            "message": self.message.to_dict(),
            "hint": self.hint.to_dict() if self.hint else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        hint = data.get("hint")
        return cls(
            rule=data["rule"],
            severity=data["severity"],
            message=Msg(**data["message"]),
            column=data.get("column"),
            count=int(data.get("count", 0)),
            rows=tuple(data.get("rows", ())),
            sample=tuple(data.get("sample", ())),
            hint=Msg(**hint) if hint else None,
        )
